using Dunning.Core.Sending;

namespace Dunning.Core.Events;

/// <summary>
/// How a delivery report moves a ledger row, so that duplicates and out-of-order reports give the same end state
/// whatever order they arrive in:
/// <list type="number">
/// <item>A report never moves a Suppressed row (nothing was sent; a report for it is noise).</item>
/// <item>"Delivered" maps to Delivered; every other deliveryStatus maps to Failed (reason <see cref="FailedReason"/>).</item>
/// <item>Delivered is terminal and wins over Failed regardless of arrival order: a Failed report never replaces Delivered.</item>
/// <item>Between reports of the same outcome, the one with the latest receivedTimestamp is kept; an equal or older one changes nothing.</item>
/// <item>A row not yet carrying a report (Pending, Sending, Sent, or Failed by the send itself) takes any report.</item>
/// </list>
/// The rule is a pure function of (row, report), so replaying any subset of reports in any order converges.
/// </summary>
public static class DeliveryReportRule
{
    public const string FailedReason = "delivery-failed";

    /// <summary>The updated row, or null when the report changes nothing.</summary>
    public static SendRecord? Apply(SendRecord current, DeliveryReport report)
    {
        if (current.State == SendState.Suppressed)
        {
            return null;
        }

        var incoming = report.IsDelivered ? SendState.Delivered : SendState.Failed;
        var hasReport = current.DeliveryReportedAt is not null;
        if (hasReport)
        {
            if (current.State == SendState.Delivered && incoming == SendState.Failed)
            {
                return null;
            }

            if (current.State == incoming && report.ReceivedAt <= current.DeliveryReportedAt)
            {
                return null;
            }
        }

        return current with
        {
            State = incoming,
            Reason = incoming == SendState.Failed ? FailedReason : (current.Reason == FailedReason ? null : current.Reason),
            DeliveryStatus = report.DeliveryStatus,
            DeliveryStatusDetails = report.DeliveryStatusDetails,
            DeliveryReportedAt = report.ReceivedAt,
            MessageId = current.MessageId ?? report.MessageId,
        };
    }
}
