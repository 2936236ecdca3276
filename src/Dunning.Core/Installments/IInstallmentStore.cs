namespace Dunning.Core.Installments;

public enum UpsertOutcome
{
    Created,
    Updated,
    Moved,
    Unchanged,
}

public interface IInstallmentStore
{
    /// <summary>
    /// Stores schedule rows. An installment whose due date changed leaves its old due-date partition;
    /// payment state and enqueued stages survive a re-upload. Returns one outcome per input, in order.
    /// </summary>
    Task<IReadOnlyList<UpsertOutcome>> UpsertScheduleAsync(IReadOnlyList<Installment> installments, CancellationToken cancellationToken = default);

    /// <summary>The writer for one schedule file, whose batches may share transactions (see <see cref="IScheduleUpload"/>).</summary>
    IScheduleUpload OpenScheduleUpload() => new DirectScheduleUpload(this);

    Task<Installment?> GetAsync(InstallmentKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The installment, read where it lives if it is still due on <paramref name="dueDate"/> (the date the caller
    /// found it under: the scan's job, personalize's read); a store that keeps a key index may then skip it.
    /// </summary>
    Task<Installment?> GetAsync(InstallmentKey key, DateOnly? dueDate, CancellationToken cancellationToken = default) =>
        GetAsync(key, cancellationToken);

    /// <summary>Every installment due on the date, across all shards of that date and only those partitions.</summary>
    IAsyncEnumerable<Installment> QueryDueAsync(DateOnly dueDate, CancellationToken cancellationToken = default);

    /// <summary>Replaces the installment if its ETag still matches; false when someone else changed it first.</summary>
    Task<bool> TryUpdateAsync(Installment installment, CancellationToken cancellationToken = default);
}
