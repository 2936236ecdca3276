using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Storage.Borrowers;

namespace Dunning.Storage.Eligibility;

/// <summary>
/// Caps on the number's status row in table Borrowers (PK = lender id + ".phones", RK = phone HMAC), as a JSON
/// property "Caps" holding the cap-counted messages of the last 8 days. The send-time re-check reads opt-out,
/// wrong number and caps in that one row; a claim is an ETag-checked merge of "Caps" alone, retried on 412, so
/// two SendSms instances can never both take the last slot, and a STOP that lands between the read and the claim
/// makes the claim fail and be decided again on the opted-out row.
/// </summary>
public sealed class TableCapLedger(DunningStorage storage) : ICapLedger
{
    public const string CapsProperty = "Caps";
    private const int MaxAttempts = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Table(PipelineNames.BorrowersTable);

    public static string Serialize(IReadOnlyList<CapEntry> entries) => JsonSerializer.Serialize(entries, Json);

    public static IReadOnlyList<CapEntry> Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<CapEntry>>(json, Json) ?? [];

    public async Task<IReadOnlyList<CapEntry>> GetAsync(string lenderId, string phoneHash, CancellationToken cancellationToken = default) =>
        (await ReadAsync(lenderId, phoneHash, cancellationToken))?.Caps ?? [];

    public async Task<EligibilityDecision> ReserveAsync(
        string lenderId,
        string phoneHash,
        string jobId,
        DateTimeOffset at,
        PhoneStatus? known,
        Func<PhoneStatus?, EligibilityDecision> decide,
        CancellationToken cancellationToken = default)
    {
        var status = known ?? await ReadAsync(lenderId, phoneHash, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var entries = status?.Caps ?? [];
            var decision = decide(status);
            var held = entries.Any(e => e.JobId == jobId);
            if (decision.Verdict != Verdict.Send && !held)
            {
                return decision;
            }

            var others = entries.Where(e => e.JobId != jobId && e.SentAt > at - CapPolicy.Retention);
            var kept = (decision.Verdict == Verdict.Send ? others.Append(new CapEntry(jobId, at)) : others).ToList();
            var entity = new TableEntity(TableBorrowerDirectory.PhonePartition(lenderId), phoneHash) { [CapsProperty] = Serialize(kept) };
            try
            {
                if (status?.ETag is { } etag)
                {
                    await Table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Merge, cancellationToken);
                }
                else
                {
                    await Table.AddEntityAsync(entity, cancellationToken);
                }

                return decision;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 409 or 404 && attempt < MaxAttempts)
            {
                // Another claim, an opt-out or an ingest landed first: read again and decide on the new row.
                status = await ReadAsync(lenderId, phoneHash, cancellationToken);
            }
        }
    }

    private async Task<PhoneStatus?> ReadAsync(string lenderId, string phoneHash, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(TableBorrowerDirectory.PhonePartition(lenderId), phoneHash, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } row ? TableBorrowerDirectory.ToPhoneStatus(lenderId, row) : null;
    }
}
