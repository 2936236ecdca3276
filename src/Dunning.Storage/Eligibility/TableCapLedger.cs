using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Eligibility;

namespace Dunning.Storage.Eligibility;

/// <summary>
/// Caps in table ContactLog: one row per borrower (PK = lender id, RK = "caps|" + borrower id) holding the
/// cap-counted messages of the last 8 days as JSON. A claim is an ETag-checked write, retried on 412, so two
/// SendSms instances can never both take the borrower's last slot.
/// </summary>
public sealed class TableCapLedger(DunningStorage storage) : ICapLedger
{
    public const string RowPrefix = "caps|";
    private const int MaxAttempts = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Table(PipelineNames.ContactLogTable);

    public static string RowKey(string borrowerId) => RowPrefix + TableKeys.Escape(borrowerId);

    public async Task<IReadOnlyList<CapEntry>> GetAsync(string lenderId, string borrowerId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(lenderId, borrowerId, cancellationToken)).Entries;

    public async Task<EligibilityDecision> ReserveAsync(
        string lenderId,
        string borrowerId,
        string jobId,
        DateTimeOffset at,
        Func<IReadOnlyList<CapEntry>, EligibilityDecision> decide,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (entries, etag) = await ReadAsync(lenderId, borrowerId, cancellationToken);
            var decision = decide(entries);
            var held = entries.Any(e => e.JobId == jobId);
            if (decision.Verdict != Verdict.Send && !held)
            {
                return decision;
            }

            var others = entries.Where(e => e.JobId != jobId && e.SentAt > at - CapPolicy.Retention);
            var kept = (decision.Verdict == Verdict.Send ? others.Append(new CapEntry(jobId, at)) : others).ToList();
            var entity = new TableEntity(lenderId, RowKey(borrowerId)) { ["Entries"] = JsonSerializer.Serialize(kept, Json) };
            try
            {
                if (etag is { } current)
                {
                    await Table.UpdateEntityAsync(entity, current, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await Table.AddEntityAsync(entity, cancellationToken);
                }

                return decision;
            }
            catch (RequestFailedException e) when ((e.Status == 412 || e.Status == 409) && attempt < MaxAttempts)
            {
                // Another claim landed first: read again and decide on the new entries.
            }
        }
    }

    private async Task<(IReadOnlyList<CapEntry> Entries, ETag? ETag)> ReadAsync(string lenderId, string borrowerId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(lenderId, RowKey(borrowerId), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is null)
        {
            return ([], null);
        }

        var json = response.Value.GetString("Entries");
        var entries = string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<CapEntry>>(json, Json) ?? [];
        return (entries, response.Value.ETag);
    }
}
