namespace Dunning.Core.Installments;

/// <summary>
/// One schedule file's writes (<see cref="IInstallmentStore.OpenScheduleUpload"/>). A store may hold new rows
/// back across batches so that its writes fill whole transactions; <see cref="FlushAsync"/> writes what is held.
/// What is held is never lost by a crash: the store records each new row as unconfirmed before holding it, so the
/// retried upload finds the row missing and creates it.
/// </summary>
public interface IScheduleUpload
{
    /// <summary>As <see cref="IInstallmentStore.UpsertScheduleAsync"/>; a Created row may be written only at a later call or the flush.</summary>
    Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(IReadOnlyList<Installment> installments, CancellationToken cancellationToken = default);

    /// <summary>Writes every row still held. The upload is done only once this returns.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}

/// <summary>An upload that holds nothing back: each batch is written as it comes.</summary>
public sealed class DirectScheduleUpload(IInstallmentStore store) : IScheduleUpload
{
    public Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(IReadOnlyList<Installment> installments, CancellationToken cancellationToken = default) =>
        store.UpsertScheduleAsync(installments, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
