namespace Dunning.Core.Sending;

public interface ISendLedger
{
    /// <summary>Inserts the record if no row has its job id and returns it with its ETag; null when a row exists.</summary>
    Task<SendRecord?> TryAddAsync(SendRecord record, CancellationToken cancellationToken = default);

    /// <summary>Inserts the record if no row has its job id; either way returns the stored row.</summary>
    async Task<SendRecord> GetOrAddAsync(SendRecord record, CancellationToken cancellationToken = default) =>
        await TryAddAsync(record, cancellationToken)
        ?? await GetAsync(record.LenderId, record.JobId, cancellationToken)
        ?? throw new InvalidOperationException($"Ledger row for job {record.JobId} conflicted on insert but cannot be read.");

    Task<SendRecord?> GetAsync(string lenderId, string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// ETag-checked replace; false when another writer got there first. A replace that writes a Sent row with its
    /// message id (SendSms recording an accepted send) also indexes the message id, as <see cref="IndexMessageIdAsync"/>,
    /// before the row, so that delivery reports find the row whatever their tag.
    /// </summary>
    Task<bool> TryUpdateAsync(SendRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// ETag-checked replace that returns the stored row with its new ETag (so the next change needs no read), or
    /// null when another writer got there first. A store that cannot tell the new ETag returns the row without one.
    /// </summary>
    async Task<SendRecord?> TryReplaceAsync(SendRecord record, CancellationToken cancellationToken = default) =>
        await TryUpdateAsync(record, cancellationToken) ? record with { ETag = null } : null;

    /// <summary>Remembers which job an ACS message id belongs to, for delivery reports.</summary>
    Task IndexMessageIdAsync(string messageId, string lenderId, string jobId, CancellationToken cancellationToken = default);

    Task<(string LenderId, string JobId)?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>One lender's ledger rows created in [from, to).</summary>
    IAsyncEnumerable<SendRecord> QueryAsync(string lenderId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
