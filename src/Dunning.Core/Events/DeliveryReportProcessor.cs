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
        var target = await FindJobAsync(report, cancellationToken);
        if (target is not { } job)
        {
            EventsLog.DeliveryReportForUnknownMessage(logger, report.MessageId);
            return DeliveryReportOutcome.UnknownMessage;
        }

        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var current = await ledger.GetAsync(job.LenderId, job.JobId, cancellationToken);
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
                EventsLog.DeliveryRecorded(logger, job.LenderId, job.JobId, updated.State);
                return DeliveryReportOutcome.Applied;
            }
        }

        throw new InvalidOperationException($"The ledger row kept changing while a delivery report was applied ({MaxConflictRetries} attempts).");
    }

    private async Task<(string LenderId, string JobId)?> FindJobAsync(DeliveryReport report, CancellationToken cancellationToken)
    {
        if (await ledger.FindByMessageIdAsync(report.MessageId, cancellationToken) is { } indexed)
        {
            return indexed;
        }

        // The tag is the job id ("{lender}:..."). It is the only link for a message whose accepted response was
        // lost and never retried (the job ended Failed "outcome-unknown"): ACS still reports it by tag. The
        // lender in the tag is checked for shape; the row must exist in that lender's own partition.
        if (report.Tag is { } tag && tag.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
            && LenderId.IsValid(tag[..colon]))
        {
            return (tag[..colon], tag);
        }

        return null;
    }
}
