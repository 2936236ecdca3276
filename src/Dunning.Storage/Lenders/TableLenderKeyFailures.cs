using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Lenders;

namespace Dunning.Storage.Lenders;

/// <summary>
/// Wrong-key counts in the Lenders table, partition <c>key-failures</c>, one row per lender: every instance reads
/// and writes the same row (ETag-checked), so the slow-down holds however many instances answer.
/// </summary>
public sealed class TableLenderKeyFailures(DunningStorage storage) : ILenderKeyFailureStore
{
    public const string Partition = "key-failures";

    private readonly TableClient table = storage.Table(PipelineNames.LendersTable);

    public async Task<LenderKeyFailures?> GetAsync(string lenderId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, lenderId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity
            ? new LenderKeyFailures
            {
                LenderId = lenderId,
                Count = entity.GetInt32("Count") ?? 0,
                LastFailureAt = entity.GetDateTimeOffset("LastFailureAt"),
                BlockedUntil = entity.GetDateTimeOffset("BlockedUntil"),
                ETag = entity.ETag.ToString(),
            }
            : null;
    }

    public async Task<bool> TrySaveAsync(LenderKeyFailures failures, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(Partition, failures.LenderId)
        {
            ["Count"] = failures.Count,
            ["LastFailureAt"] = failures.LastFailureAt,
            ["BlockedUntil"] = failures.BlockedUntil,
        };
        try
        {
            if (failures.ETag is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(failures.ETag), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }
}
