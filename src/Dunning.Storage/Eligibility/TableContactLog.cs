using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Eligibility;

namespace Dunning.Storage.Eligibility;

/// <summary>
/// Every personalization decision in table ContactLog: PK = lender id, RK = inverted ticks + "|" + job id, so a
/// lender's newest decisions come first and a time range is one key-range query. No text, no phone number.
/// </summary>
public sealed class TableContactLog(DunningStorage storage) : IContactLog
{
    /// <summary>Caps used to live in this table under this prefix; such rows are not decisions.</summary>
    private const string LegacyCapRowPrefix = "caps|";

    private TableClient Table => storage.Table(PipelineNames.ContactLogTable);

    public static string InvertedTicks(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static string RowKey(DateTimeOffset at, string jobId) => InvertedTicks(at) + "|" + TableKeys.Escape(jobId);

    public async Task RecordAsync(ContactDecision decision, CancellationToken cancellationToken = default) =>
        // Upsert: a retried batch re-records the same decision at the same instant onto the same row.
        await Table.UpsertEntityAsync(ToEntity(decision), TableUpdateMode.Replace, cancellationToken);

    /// <summary>One upsert transaction per lender and 100 decisions: a batch of jobs costs one request, not one per job.</summary>
    public async Task RecordManyAsync(IReadOnlyList<ContactDecision> decisions, CancellationToken cancellationToken = default)
    {
        // A transaction may not touch a row twice; the same decision recorded twice at one instant is one row.
        var rows = decisions.Select(ToEntity).GroupBy(e => (e.PartitionKey, e.RowKey)).Select(g => g.Last()).ToList();
        await TableBatches.SubmitAsync(Table, rows, e => e.PartitionKey,
            e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);
    }

    private static TableEntity ToEntity(ContactDecision decision) =>
        new TableEntity(decision.LenderId, RowKey(decision.At, decision.JobId))
        {
            ["BorrowerId"] = decision.BorrowerId,
            ["JobId"] = decision.JobId,
            ["Stage"] = decision.Stage,
            ["Decision"] = decision.Decision.ToString(),
            ["Reason"] = decision.Reason,
            ["At"] = decision.At,
            ["DeferredUntil"] = decision.DeferredUntil,
            ["TemplateId"] = decision.TemplateId,
        };

    public async IAsyncEnumerable<ContactDecision> QueryAsync(
        string lenderId,
        DateTimeOffset from,
        DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Newer instants have smaller inverted ticks: [from, to) is RK in (inv(to), inv(from)].
        var filter = $"PartitionKey eq {TableKeys.Literal(lenderId)} and RowKey gt {TableKeys.Literal(InvertedTicks(to) + "|~")} "
            + $"and RowKey lt {TableKeys.Literal(InvertedTicks(from) + "|~")}";
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey.StartsWith(LegacyCapRowPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            yield return new ContactDecision
            {
                LenderId = entity.PartitionKey,
                BorrowerId = entity.GetString("BorrowerId") ?? "",
                JobId = entity.GetString("JobId") ?? "",
                Stage = entity.GetString("Stage") ?? "",
                Decision = Enum.Parse<Verdict>(entity.GetString("Decision") ?? nameof(Verdict.Suppress)),
                Reason = entity.GetString("Reason"),
                At = entity.GetDateTimeOffset("At") ?? default,
                DeferredUntil = entity.GetDateTimeOffset("DeferredUntil"),
                TemplateId = entity.GetString("TemplateId"),
            };
        }
    }
}
