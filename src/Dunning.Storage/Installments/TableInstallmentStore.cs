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
public sealed partial class TableInstallmentStore(DunningStorage storage, InstallmentPartitions partitions) : IInstallmentStore
{
    private const int MaxParallelReads = 16;
    private const int MaxTransactionSize = TableBatches.MaxActions;
    private const int MaxConcurrencyRetries = 10;

    private readonly TableClient installments = storage.Table(PipelineNames.InstallmentsTable);
    private readonly TableClient index = storage.Table(PipelineNames.InstallmentIndexTable);

    public Task<IReadOnlyList<UpsertOutcome>> UpsertScheduleAsync(IReadOnlyList<Installment> batch, CancellationToken cancellationToken = default) =>
        UpsertScheduleAsync(batch, null, cancellationToken);

    public IScheduleUpload OpenScheduleUpload() => new ScheduleUpload(this);

    /// <summary>The upsert of one batch; with <paramref name="upload"/>, new rows are handed to it to be written with later batches' rows.</summary>
    private async Task<IReadOnlyList<UpsertOutcome>> UpsertScheduleAsync(IReadOnlyList<Installment> batch, ScheduleUpload? upload, CancellationToken cancellationToken)
    {
        // The index alone says whether a row is new or unchanged; only changed rows need their installment read.
        var indexed = await ReadIndexAsync(batch, cancellationToken);
        var current = new Installment?[batch.Count];
        var currentPartition = new string?[batch.Count];
        var unchanged = new bool[batch.Count];
        var relocated = new bool[batch.Count];
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
                relocated[i] = !string.IsNullOrEmpty(stored.Value.MovedTo);
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
            else if (relocated[i])
            {
                // A move that died after marking its old row: finish it on fresh reads.
                outcomes[i] = UpsertOutcome.Moved;
                moves.Add(i);
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
        if (upload is null)
        {
            await WriteCreatedAsync(creates, createdIndex, cancellationToken);
        }
        else
        {
            await upload.HoldAsync(creates, createdIndex, cancellationToken);
        }

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

    /// <summary>New rows, then the index entries that vouch for their schedule (only once the rows exist).</summary>
    private async Task WriteCreatedAsync(IReadOnlyList<InstallmentEntity> rows, IReadOnlyList<InstallmentIndexEntity> confirmations, CancellationToken cancellationToken)
    {
        await TableBatches.SubmitAsync(installments, rows, e => e.PartitionKey,
            e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);
        await TableBatches.SubmitAsync(index, confirmations, e => e.PartitionKey,
            e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);
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
            var (existing, partition, leftBehind) = await FindWithPartitionAsync(incoming.Key, cancellationToken);
            if (leftBehind is not null)
            {
                // An earlier run died part-way through moving this installment to where it now is: finish that move.
                await FinishMoveAsync(incoming.Key, leftBehind, partition!, cancellationToken);
            }

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

    /// <summary>
    /// Moves an installment to its new due date's partition so that at every step a reader finds its one home: the
    /// new row is written marked MovingFrom, the old row is marked MovedTo (only if nobody wrote it since it was
    /// read; a payment that landed is copied over and the step redone), the index is pointed at the new row, the new
    /// row's mark is cleared, and the old row is deleted. A direct read by due date trusts only an unmarked row;
    /// the index path follows a MovedTo mark. A move that dies part-way is finished by the upload's retry.
    /// </summary>
    private async Task MoveAsync(Installment existing, string oldPartition, Installment incoming, string target, CancellationToken cancellationToken)
    {
        var rowKey = InstallmentEntity.RowKeyFor(incoming.Key);
        var source = existing;
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var copy = InstallmentEntity.From(WithSchedule(source, incoming) with { ETag = null }, target);
            copy.MovingFrom = oldPartition;
            await installments.UpsertEntityAsync(copy, TableUpdateMode.Replace, cancellationToken);
            try
            {
                await installments.UpdateEntityAsync(
                    new TableEntity(oldPartition, rowKey) { [nameof(InstallmentEntity.MovedTo)] = target }, new ETag(source.ETag!), TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                var fresh = await installments.GetEntityIfExistsAsync<InstallmentEntity>(oldPartition, rowKey, cancellationToken: cancellationToken);
                if (!fresh.HasValue || fresh.Value is null)
                {
                    return;
                }

                source = fresh.Value.ToInstallment();
                continue;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return;
            }

            await index.UpsertEntityAsync(IndexEntry(incoming, target), TableUpdateMode.Replace, cancellationToken);
            await FinishMoveAsync(incoming.Key, oldPartition, target, cancellationToken);
            return;
        }

        throw new InvalidOperationException("The old row of a moved installment kept changing; the upload will be retried.");
    }

    /// <summary>The last steps of a move, once the old row is marked: the new row is home, the old one goes.</summary>
    private async Task FinishMoveAsync(InstallmentKey key, string oldPartition, string target, CancellationToken cancellationToken)
    {
        var rowKey = InstallmentEntity.RowKeyFor(key);
        try
        {
            await installments.UpdateEntityAsync(
                new TableEntity(target, rowKey) { [nameof(InstallmentEntity.MovingFrom)] = "" }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            await installments.DeleteEntityAsync(oldPartition, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Another run of the same upload finished the move first.
        }
    }

    public async Task<Installment?> GetAsync(InstallmentKey key, CancellationToken cancellationToken = default) =>
        (await FindWithPartitionAsync(key, cancellationToken)).Installment;

    /// <summary>
    /// One point read in the due date's partition when the installment still lives there (the common case: the
    /// scan found it there moments ago); the index when it has moved or is moving.
    /// </summary>
    public async Task<Installment?> GetAsync(InstallmentKey key, DateOnly? dueDate, CancellationToken cancellationToken = default)
    {
        if (dueDate is { } date)
        {
            var direct = await installments.GetEntityIfExistsAsync<InstallmentEntity>(
                partitions.PartitionKeyFor(date, key.LenderId, key.LoanId), InstallmentEntity.RowKeyFor(key), cancellationToken: cancellationToken);
            if (direct.HasValue && direct.Value is { IsHome: true } home)
            {
                return home.ToInstallment();
            }
        }

        return await GetAsync(key, cancellationToken);
    }

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
            // The old row of a move is no longer due on this date; the new row is found under its own.
            if (string.IsNullOrEmpty(entity.MovedTo))
            {
                rows.Add(entity.ToInstallment());
            }
        }

        return rows;
    }

    /// <summary>
    /// The installment through the index, and where it lives; <c>LeftBehind</c> names the partition of an old row
    /// still marked MovedTo (a move that died before the index pointed at the new row).
    /// </summary>
    private async Task<(Installment? Installment, string? Partition, string? LeftBehind)> FindWithPartitionAsync(InstallmentKey key, CancellationToken cancellationToken)
    {
        var indexEntry = await index.GetEntityIfExistsAsync<InstallmentIndexEntity>(
            key.LenderId, InstallmentIndexEntity.RowKeyFor(key), cancellationToken: cancellationToken);
        if (!indexEntry.HasValue || indexEntry.Value is null)
        {
            return (null, null, null);
        }

        var partition = indexEntry.Value.InstallmentPartition;
        string? leftBehind = null;
        var entity = await installments.GetEntityIfExistsAsync<InstallmentEntity>(
            partition, InstallmentEntity.RowKeyFor(key), cancellationToken: cancellationToken);
        if (entity.HasValue && entity.Value is { MovedTo: { Length: > 0 } movedTo })
        {
            (leftBehind, partition) = (partition, movedTo);
            entity = await installments.GetEntityIfExistsAsync<InstallmentEntity>(movedTo, InstallmentEntity.RowKeyFor(key), cancellationToken: cancellationToken);
        }

        return entity.HasValue && entity.Value is not null ? (entity.Value.ToInstallment(), partition, leftBehind) : (null, null, null);
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
