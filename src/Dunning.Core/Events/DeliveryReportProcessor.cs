using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Events;

public enum DeliveryReportOutcome
{
    Applied,
    Unchanged,
    UnknownMessage,

    /// <summary>No row knows the message yet and the report is young enough that its send may still be recorded.</summary>
    NotYetRecorded,
}

/// <summary>Moves the ledger row a delivery report is about, by <see cref="DeliveryReportRule"/>, ETag-checked.</summary>
public sealed class DeliveryReportProcessor(ISendLedger ledger, TimeProvider time, ILogger<DeliveryReportProcessor> logger)
{
    private const int MaxConflictRetries = 8;

    /// <summary>
    /// How long a report for a message no row knows is answered "not yet" (the endpoint then answers 503 and Event Grid
    /// retries: 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h). SendSms records the message id right after ACS accepts
    /// the send; only a crash or a storage outage in between leaves a report ahead of its row, and the queue
    /// redelivers that send after its visibility timeout (minutes), where the same repeatability id gets the same
    /// message id back and records it. An hour covers that with room; after it the report is a message that is not
    /// ours (another app on the ACS resource) or one whose send ended without learning its id, and it is acknowledged
    /// so Event Grid stops retrying.
    /// </summary>
    public static readonly TimeSpan NotYetRecordedWindow = TimeSpan.FromHours(1);

    public async Task<DeliveryReportOutcome> ProcessAsync(DeliveryReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var current = await FindRowAsync(report, cancellationToken);
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            if (current is null)
            {
                if (time.GetUtcNow() - report.ReceivedAt < NotYetRecordedWindow)
                {
                    EventsLog.DeliveryReportAheadOfItsSend(logger, report.MessageId);
                    return DeliveryReportOutcome.NotYetRecorded;
                }

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

            current = IsAbout(await ledger.GetAsync(current.LenderId, current.JobId, cancellationToken), report);
        }

        throw new InvalidOperationException($"The ledger row kept changing while a delivery report was applied ({MaxConflictRetries} attempts).");
    }

    /// <summary>
    /// The ledger row the report is about. The message id is the link ACS guarantees; the tag is optional, and the
    /// published samples carry none or a placeholder. SendSms tags every message with its job id ("{lender}:..."), so
    /// a tag of that shape is tried first: one point read in the lender's partition. The row it names is taken only
    /// when it holds the report's message id, or none yet (a send whose result was not recorded: the tag is then the
    /// only link). Otherwise the SendsByMessageId index, written when a send is recorded, names the row; a row found
    /// there must not hold another message id either. A tag naming another message's row never moves that row.
    /// </summary>
    private async Task<SendRecord?> FindRowAsync(DeliveryReport report, CancellationToken cancellationToken)
    {
        if (report.Tag is { } tag && tag.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && LenderId.IsValid(tag[..colon])
            && IsAbout(await ledger.GetAsync(tag[..colon], tag, cancellationToken), report) is { } tagged)
        {
            return tagged;
        }

        return await ledger.FindByMessageIdAsync(report.MessageId, cancellationToken) is { } indexed
            ? IsAbout(await ledger.GetAsync(indexed.LenderId, indexed.JobId, cancellationToken), report)
            : null;
    }

    private static SendRecord? IsAbout(SendRecord? row, DeliveryReport report) =>
        row is not null && (row.MessageId is null || string.Equals(row.MessageId, report.MessageId, StringComparison.Ordinal)) ? row : null;
}
