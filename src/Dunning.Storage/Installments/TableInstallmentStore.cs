using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Installments;

namespace Dunning.Storage.Installments;

/// <summary>
/// Installments partitioned by due date + shard, with an index from (lender, loan, installment) to the
/// current partition. Reads for one upload batch run in parallel; writes go out as per-partition
/// transactions of at most 100 entities.
/// </summary>
public sealed class TableInstallmentStore(DunningStorage storage, InstallmentPartitions partitions) : IInstallmentStore
{
    private const int MaxParallelReads = 16;
    private const int MaxTransactionSize = TableBatches.MaxActions;
    private const int MaxConcurrencyRetries = 10;

    private readonly TableClient installments = storage.Table(PipelineNames.InstallmentsTable);
    private readonly TableClient index = storage.Table(PipelineNames.InstallmentIndexTable);

    public async Task<IReadOnlyList<UpsertOutcome>> UpsertScheduleAsync(IReadOnlyList<Installment> batch, CancellationToken cancellationToken = default)
    {
        // The index alone says whether a row is new or unchanged; only changed rows need their installment read.
        var indexed = await ReadIndexAsync(batch, cancellationToken);
        var current = new Installment?[batch.Count];
        var currentPartition = new string?[batch.Count];
        var unchanged = new bool[batch.Count];
        await Parallel.ForAsync(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var incoming = batch[i];
            if (!indexed.TryGetValue(InstallmentIndexEntity.RowKeyFor(incoming.Key), out var entry))
            {
                return;
            }

            if (entry.ScheduleFingerprint == incoming.ScheduleFingerprint
                && entry.InstallmentPartition == partitions.PartitionKeyFor(incoming.DueDate, incoming.LenderId, incoming.LoanId))
            {
                unchanged[i] = true;
                return;
            }

            var stored = await installments.GetEntityIfExistsAsync<InstallmentEntity>(
                entry.InstallmentPartition, InstallmentEntity.RowKeyFor(incoming.Key), cancellationToken: ct);
            if (stored.HasValue && stored.Value is not null)
            {
                (current[i], currentPartition[i]) = (stored.Value.ToInstallment(), entry.InstallmentPartition);
            }
        });

        var outcomes = new UpsertOutcome[batch.Count];
        var creates = new List<InstallmentEntity>();
        var updates = new List<(int Index, InstallmentEntity Entity)>();
        var moves = new List<int>();
        var indexWrites = new List<InstallmentIndexEntity>();
        var createdIndex = new List<InstallmentIndexEntity>();
        for (var i = 0; i < batch.Count; i++)
        {
            var incoming = batch[i];
            var partition = partitions.PartitionKeyFor(incoming.DueDate, incoming.LenderId, incoming.LoanId);
            if (unchanged[i])
            {
                outcomes[i] = UpsertOutcome.Unchanged;
            }
            else if (current[i] is not { } existing)
            {
                outcomes[i] = UpsertOutcome.Created;
                creates.Add(InstallmentEntity.From(incoming with { ETag = null }, partition));
                createdIndex.Add(IndexEntry(incoming, partition));
                indexWrites.Add(IndexEntry(incoming, partition, confirmed: false));
            }
            else if (existing.SameScheduleAs(incoming))
            {
                // Stored before the index carried fingerprints: record it so the next upload needs no read.
                outcomes[i] = UpsertOutcome.Unchanged;
                indexWrites.Add(IndexEntry(incoming, currentPartition[i]!));
            }
            else if (partition == currentPartition[i])
            {
                outcomes[i] = UpsertOutcome.Updated;
                updates.Add((i, InstallmentEntity.From(WithSchedule(existing, incoming), partition)));
            }
            else
            {
                outcomes[i] = UpsertOutcome.Moved;
                moves.Add(i);
            }
        }

        // The index first, so that whatever finds a new installment row (the scan) can also find it by key. A new
        // row's entry carries its fingerprint only once the row exists: an ingest that dies in between is run
        // again, and the rerun must not take the missing row for an unchanged one.
        await TableBatches.SubmitAsync(index, indexWrites, e => e.PartitionKey,
            e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);
        await TableBatches.SubmitAsync(installments, creates, e => e.PartitionKey,
            e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);
        await TableBatches.SubmitAsync(index, createdIndex, e => e.PartitionKey,
            e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);

        // Updates are ETag-checked against the row we read; a transaction that lost a race with a payment or
        // the scan is redone row by row on fresh reads.
        var conflicted = new List<int>();
        foreach (var transaction in updates.GroupBy(u => u.Entity.PartitionKey).SelectMany(g => g.Chunk(MaxTransactionSize)))
        {
            try
            {
                await installments.SubmitTransactionAsync(
                    transaction.Select(u => new TableTransactionAction(TableTransactionActionType.UpdateReplace, u.Entity, u.Entity.ETag)), cancellationToken);
                await TableBatches.SubmitAsync(index, transaction.Select(u => IndexEntry(batch[u.Index], u.Entity.PartitionKey)), e => e.PartitionKey,
                    e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);
            }
            catch (TableTransactionFailedException)
            {
                conflicted.AddRange(transaction.Select(u => u.Index));
            }
        }

        await Parallel.ForEachAsync(conflicted.Concat(moves), new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await ApplyScheduleChangeAsync(batch[i], ct));
        return outcomes;
    }

    /// <summary>A re-upload changes the schedule, never the payment state, pauses or the cadence already done.</summary>
    private static Installment WithSchedule(Installment stored, Installment upload) => stored with
    {
        BorrowerId = upload.BorrowerId,
        AmountDue = upload.AmountDue,
        DueDate = upload.DueDate,
        Consent = upload.Consent,
        Segment = upload.Segment,
        PayLink = upload.PayLink,
        TimeZone = upload.TimeZone,
    };

    /// <summary>
    /// One installment's schedule change on fresh reads, retried until no concurrent writer interferes. A move
    /// writes the new row, points the index at it, then deletes the old row only if it is unchanged since read;
    /// if a payment landed on the old row meanwhile, that state is carried over and the delete tried again.
    /// </summary>
    private async Task<UpsertOutcome> ApplyScheduleChangeAsync(Installment incoming, CancellationToken cancellationToken)
    {
        var target = partitions.PartitionKeyFor(incoming.DueDate, incoming.LenderId, incoming.LoanId);
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var (existing, partition) = await FindWithPartitionAsync(incoming.Key, cancellationToken);
            if (existing is null)
            {
                await index.UpsertEntityAsync(IndexEntry(incoming, target), TableUpdateMode.Replace, cancellationToken);
                await installments.UpsertEntityAsync(InstallmentEntity.From(incoming with { ETag = null }, target), TableUpdateMode.Replace, cancellationToken);
                return UpsertOutcome.Created;
            }

            if (existing.SameScheduleAs(incoming))
            {
                await index.UpsertEntityAsync(IndexEntry(incoming, partition!), TableUpdateMode.Replace, cancellationToken);
                return UpsertOutcome.Unchanged;
            }

            try
            {
                if (target == partition)
                {
                    var updated = InstallmentEntity.From(WithSchedule(existing, incoming), target);
                    await installments.UpdateEntityAsync(updated, updated.ETag, TableUpdateMode.Replace, cancellationToken);
                    await index.UpsertEntityAsync(IndexEntry(incoming, target), TableUpdateMode.Replace, cancellationToken);
                    return UpsertOutcome.Updated;
                }

                await MoveAsync(existing, partition!, incoming, target, cancellationToken);
                return UpsertOutcome.Moved;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Someone changed the row after we read it: read again and redo.
            }
        }

        throw new InvalidOperationException("An installment kept changing while its schedule was updated; the upload will be retried.");
    }

    private async Task MoveAsync(Installment existing, string oldPartition, Installment incoming, string target, CancellationToken cancellationToken)
    {
        var source = existing;
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            await installments.UpsertEntityAsync(InstallmentEntity.From(WithSchedule(source, incoming) with { ETag = null }, target), TableUpdateMode.Replace, cancellationToken);
            await index.UpsertEntityAsync(IndexEntry(incoming, target), TableUpdateMode.Replace, cancellationToken);
            try
            {
                await installments.DeleteEntityAsync(oldPartition, InstallmentEntity.RowKeyFor(incoming.Key), new ETag(source.ETag!), cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                var fresh = await installments.GetEntityIfExistsAsync<InstallmentEntity>(oldPartition, InstallmentEntity.RowKeyFor(incoming.Key), cancellationToken: cancellationToken);
                if (!fresh.HasValue || fresh.Value is null)
                {
                    return;
                }

                source = fresh.Value.ToInstallment();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return;
            }
        }

        throw new InvalidOperationException("The old row of a moved installment kept changing; the upload will be retried.");
    }

    public async Task<Installment?> GetAsync(InstallmentKey key, CancellationToken cancellationToken = default) =>
        (await FindWithPartitionAsync(key, cancellationToken)).Installment;

    public async IAsyncEnumerable<Installment> QueryDueAsync(DateOnly dueDate, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Shards are read concurrently; each query names exactly one partition, so the scan never touches
        // another day's rows.
        var pages = partitions.PartitionsOf(dueDate)
            .Select(partition => ReadPartitionAsync(partition, cancellationToken))
            .ToList();
        foreach (var page in pages)
        {
            foreach (var installment in await page)
            {
                yield return installment;
            }
        }
    }

    public async Task<bool> TryUpdateAsync(Installment installment, CancellationToken cancellationToken = default)
    {
        if (installment.ETag is null)
        {
            throw new ArgumentException("Only a stored installment (with an ETag) can be updated.", nameof(installment));
        }

        var partition = partitions.PartitionKeyFor(installment.DueDate, installment.LenderId, installment.LoanId);
        try
        {
            var entity = InstallmentEntity.From(installment, partition);
            await installments.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    private async Task<List<Installment>> ReadPartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var rows = new List<Installment>();
        await foreach (var entity in installments.QueryAsync<InstallmentEntity>(
            filter: $"PartitionKey eq {TableKeys.Literal(partition)}", cancellationToken: cancellationToken))
        {
            rows.Add(entity.ToInstallment());
        }

        return rows;
    }

    private async Task<(Installment? Installment, string? Partition)> FindWithPartitionAsync(InstallmentKey key, CancellationToken cancellationToken)
    {
        var indexEntry = await index.GetEntityIfExistsAsync<InstallmentIndexEntity>(
            key.LenderId, InstallmentIndexEntity.RowKeyFor(key), cancellationToken: cancellationToken);
        if (!indexEntry.HasValue || indexEntry.Value is null)
        {
            return (null, null);
        }

        var partition = indexEntry.Value.InstallmentPartition;
        var entity = await installments.GetEntityIfExistsAsync<InstallmentEntity>(
            partition, InstallmentEntity.RowKeyFor(key), cancellationToken: cancellationToken);
        return entity.HasValue && entity.Value is not null ? (entity.Value.ToInstallment(), partition) : (null, null);
    }

    /// <summary>An unconfirmed entry points at the row without vouching for its schedule, so the next upload reads it.</summary>
    private static InstallmentIndexEntity IndexEntry(Installment installment, string partition, bool confirmed = true) => new()
    {
        PartitionKey = installment.LenderId,
        RowKey = InstallmentIndexEntity.RowKeyFor(installment.Key),
        InstallmentPartition = partition,
        ScheduleFingerprint = confirmed ? installment.ScheduleFingerprint : null,
    };

    /// <summary>The index rows of a batch, one key-range read per lender.</summary>
    private async Task<Dictionary<string, InstallmentIndexEntity>> ReadIndexAsync(IReadOnlyList<Installment> batch, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, InstallmentIndexEntity>(StringComparer.Ordinal);
        foreach (var lender in batch.GroupBy(i => i.LenderId))
        {
            var rows = await TableKeyReads.ReadAsync<InstallmentIndexEntity>(
                index, lender.Key, lender.Select(i => InstallmentIndexEntity.RowKeyFor(i.Key)), cancellationToken);
            foreach (var (rowKey, entry) in rows)
            {
                found[rowKey] = entry;
            }
        }

        return found;
    }
}
