using Dunning.Core.Installments;

namespace Dunning.Storage.Installments;

public sealed partial class TableInstallmentStore
{
    /// <summary>
    /// New rows held back across an upload's batches, per installment partition. A partition is due date + shard,
    /// so a batch of 1,000 rows holds about one row per partition and wrote about one transaction per row; held
    /// until a partition has 100 rows (a full transaction) or the upload holds <see cref="MaxHeldRows"/>, the same
    /// rows go out in a fraction of the transactions. Every held row's index entry is already written unconfirmed
    /// (no fingerprint), so an upload that dies holding rows is retried and creates them; the confirmed entry is
    /// written only after its row.
    /// </summary>
    private sealed class ScheduleUpload(TableInstallmentStore store) : IScheduleUpload
    {
        /// <summary>Rows held at most: bounds memory (an entity and its index entry each) whatever the file's size.</summary>
        public const int MaxHeldRows = 10_000;

        private readonly Dictionary<string, List<(InstallmentEntity Row, InstallmentIndexEntity Confirmation)>> held = new(StringComparer.Ordinal);
        private int heldRows;

        public Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(IReadOnlyList<Installment> installments, CancellationToken cancellationToken = default) =>
            store.UpsertScheduleAsync(installments, this, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken = default) => WriteAsync([.. held.Keys], cancellationToken);

        public async Task HoldAsync(List<InstallmentEntity> rows, List<InstallmentIndexEntity> confirmations, CancellationToken cancellationToken)
        {
            var full = new List<string>();
            for (var i = 0; i < rows.Count; i++)
            {
                var partition = rows[i].PartitionKey;
                if (!held.TryGetValue(partition, out var waiting))
                {
                    held[partition] = waiting = [];
                }

                waiting.Add((rows[i], confirmations[i]));
                heldRows++;
                if (waiting.Count == MaxTransactionSize)
                {
                    full.Add(partition);
                }
            }

            await WriteAsync(heldRows > MaxHeldRows ? [.. held.Keys] : full, cancellationToken);
        }

        private async Task WriteAsync(IReadOnlyList<string> partitions, CancellationToken cancellationToken)
        {
            var writing = partitions.SelectMany(p => held[p]).ToList();
            if (writing.Count == 0)
            {
                return;
            }

            await store.WriteCreatedAsync([.. writing.Select(w => w.Row)], [.. writing.Select(w => w.Confirmation)], cancellationToken);
            foreach (var partition in partitions)
            {
                heldRows -= held[partition].Count;
                held.Remove(partition);
            }
        }
    }
}
