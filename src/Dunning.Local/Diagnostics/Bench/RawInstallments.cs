using System.Globalization;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Installments;
using Dunning.Storage;

namespace Dunning.Local.Diagnostics.Bench;

/// <summary>
/// Installments written straight to the tables as entity-group transactions, in the same entity shape as
/// TableInstallmentStore (PK = due date + shard, RK = lender|loan|installment; decimals and dates as invariant
/// strings). This is both how the benchmark loads big books and the raw ceiling ingest is compared with.
/// </summary>
public sealed class RawInstallments(DunningStorage storage, InstallmentPartitions partitions)
{
    private const int MaxTransactionSize = 100;

    public TableEntity Entity(Installment installment) => new(
        partitions.PartitionKeyFor(installment.DueDate, installment.LenderId, installment.LoanId),
        $"{installment.LenderId}|{TableKeys.Escape(installment.LoanId)}|{installment.InstallmentNo:D4}")
    {
        ["LenderId"] = installment.LenderId,
        ["LoanId"] = installment.LoanId,
        ["InstallmentNo"] = installment.InstallmentNo,
        ["BorrowerId"] = installment.BorrowerId,
        ["AmountDue"] = installment.AmountDue.Amount.ToString(CultureInfo.InvariantCulture),
        ["Currency"] = installment.AmountDue.Currency,
        ["DueDate"] = installment.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Consent"] = installment.Consent,
        ["TimeZone"] = installment.TimeZone,
        ["AmountPaid"] = "0",
        ["AppliedPayments"] = "",
        ["EnqueuedStages"] = string.Join(',', installment.EnqueuedStages.Order(StringComparer.Ordinal)),
        ["PlanRequested"] = false,
        ["ThankYouEnqueued"] = false,
    };

    public static TableEntity IndexEntity(Installment installment, string partition) =>
        new(installment.LenderId, $"{TableKeys.Escape(installment.LoanId)}|{installment.InstallmentNo:D4}") { ["InstallmentPartition"] = partition };

    /// <summary>A borrower row and its phone-status row, in the shape the ingest writes them.</summary>
    public static IEnumerable<TableEntity> BorrowerEntities(string lenderId, BookRow row)
    {
        yield return new TableEntity(lenderId, TableKeys.Escape(row.BorrowerId))
        {
            ["BorrowerId"] = row.BorrowerId,
            ["Name"] = row.Name,
            ["Phone"] = row.Phone,
            ["PhoneHash"] = PhoneKey(row.Phone),
            ["TimeZone"] = row.TimeZone,
            ["Language"] = row.Language,
            ["Consent"] = row.Consent,
            ["Segment"] = "",
        };
        yield return new TableEntity(lenderId + ".phones", PhoneKey(row.Phone))
        {
            ["BorrowerIds"] = $"[\"{row.BorrowerId}\"]",
            ["OptedOut"] = false,
            ["WrongNumber"] = false,
        };
    }

    /// <summary>Stands in for the HMAC: the same length of key, without the hashing the ceiling should not pay.</summary>
    private static string PhoneKey(string phone) => phone.PadLeft(64, '0');

    /// <summary>
    /// Upserts the installments (and, when asked, their index rows and any other rows, such as borrowers) in
    /// per-partition transactions.
    /// </summary>
    public async Task UpsertAsync(
        IReadOnlyList<Installment> installments, bool withIndex, int parallelism, CancellationToken cancellationToken,
        IReadOnlyList<TableEntity>? borrowerRows = null)
    {
        var entities = installments.Select(Entity).ToList();
        var batches = new List<(TableClient Table, List<TableEntity> Rows)>();
        batches.AddRange(Batches(storage.Table(PipelineNames.InstallmentsTable), entities));
        if (withIndex)
        {
            batches.AddRange(Batches(storage.Table(PipelineNames.InstallmentIndexTable), [.. installments.Zip(entities, (i, e) => IndexEntity(i, e.PartitionKey))]));
        }

        if (borrowerRows is not null)
        {
            batches.AddRange(Batches(storage.Table(PipelineNames.BorrowersTable), borrowerRows));
        }

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await batch.Table.SubmitTransactionAsync(
                batch.Rows.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
    }

    private static IEnumerable<(TableClient, List<TableEntity>)> Batches(TableClient table, IEnumerable<TableEntity> entities) =>
        entities.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(MaxTransactionSize)).Select(chunk => (table, chunk.ToList()));
}
