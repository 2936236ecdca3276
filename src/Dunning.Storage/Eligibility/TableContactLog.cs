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
    private TableClient Table => storage.Table(PipelineNames.ContactLogTable);

    public static string InvertedTicks(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static string RowKey(DateTimeOffset at, string jobId) => InvertedTicks(at) + "|" + TableKeys.Escape(jobId);

    public async Task RecordAsync(ContactDecision decision, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(decision.LenderId, RowKey(decision.At, decision.JobId))
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

        // Upsert: a retried batch re-records the same decision at the same instant onto the same row.
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

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
            if (entity.RowKey.StartsWith(TableCapLedger.RowPrefix, StringComparison.Ordinal))
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
