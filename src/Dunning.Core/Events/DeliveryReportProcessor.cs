using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Events;

public enum DeliveryReportOutcome
{
    Applied,
    Unchanged,
    UnknownMessage,
}

/// <summary>Moves the ledger row a delivery report is about, by <see cref="DeliveryReportRule"/>, ETag-checked.</summary>
public sealed class DeliveryReportProcessor(ISendLedger ledger, ILogger<DeliveryReportProcessor> logger)
{
    private const int MaxConflictRetries = 8;

    public async Task<DeliveryReportOutcome> ProcessAsync(DeliveryReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var current = await FindRowAsync(report, cancellationToken);
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            if (current is null)
            {
                EventsLog.DeliveryReportForUnknownMessage(logger, report.MessageId);
                return DeliveryReportOutcome.UnknownMessage;
            }

            var updated = DeliveryReportRule.Apply(current, report);
            if (updated is null)
            {
                return DeliveryReportOutcome.Unchanged;
            }

            if (await ledger.TryUpdateAsync(updated, cancellationToken))
            {
                EventsLog.DeliveryRecorded(logger, current.LenderId, current.JobId, updated.State);
                return DeliveryReportOutcome.Applied;
            }

            current = await ledger.GetAsync(current.LenderId, current.JobId, cancellationToken);
        }

        throw new InvalidOperationException($"The ledger row kept changing while a delivery report was applied ({MaxConflictRetries} attempts).");
    }

    /// <summary>
    /// The ledger row the report is about. SendSms tags every message with its job id ("{lender}:..."), and ACS
    /// returns the tag in the report, so one point read in the lender's own partition finds the row. The tag's
    /// lender is checked for shape, and a row that already knows its message id must name the report's, so a
    /// report moves another message's row only when the message-id index (rows sent before the tag was the link)
    /// does not know the message either.
    /// </summary>
    private async Task<SendRecord?> FindRowAsync(DeliveryReport report, CancellationToken cancellationToken)
    {
        SendRecord? tagged = null;
        if (report.Tag is { } tag && tag.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && LenderId.IsValid(tag[..colon]))
        {
            tagged = await ledger.GetAsync(tag[..colon], tag, cancellationToken);
            if (tagged is not null && (tagged.MessageId is null || string.Equals(tagged.MessageId, report.MessageId, StringComparison.Ordinal)))
            {
                return tagged;
            }
        }

        return await ledger.FindByMessageIdAsync(report.MessageId, cancellationToken) is { } indexed
            ? await ledger.GetAsync(indexed.LenderId, indexed.JobId, cancellationToken)
            : tagged;
    }
}
