using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Lenders;

namespace Dunning.Storage.Lenders;

/// <summary>
/// Lender settings as one JSON document per lender in the Lenders table. Each instance keeps what it read for
/// <see cref="CacheDuration"/>: a change saved elsewhere is in force everywhere that long after it is saved.
/// </summary>
public sealed class TableLenderDirectory(DunningStorage storage, TimeProvider time) : ILenderDirectory
{
    private const string Partition = "lenders";
    /// <summary>How long a read serves from memory; docs/LENDERS.md promises a change applies within it.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly TableClient table = storage.Table(PipelineNames.LendersTable);
    private readonly Dictionary<string, (LenderSettings? Settings, long LoadedAt)> cache = new(StringComparer.Ordinal);

    public async Task<LenderSettings?> FindAsync(string lenderId, CancellationToken cancellationToken = default)
    {
        if (!LenderId.IsValid(lenderId))
        {
            return null;
        }

        lock (cache)
        {
            if (cache.TryGetValue(lenderId, out var hit) && time.GetElapsedTime(hit.LoadedAt) < CacheDuration)
            {
                return hit.Settings;
            }
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, lenderId, cancellationToken: cancellationToken);
        var settings = row.HasValue && row.Value is not null
            ? JsonSerializer.Deserialize<LenderSettings>(row.Value.GetString("Settings"), Json)
            : null;
        lock (cache)
        {
            cache[lenderId] = (settings, time.GetTimestamp());
        }

        return settings;
    }

    public async Task SaveAsync(LenderSettings settings, CancellationToken cancellationToken = default)
    {
        LenderId.Require(settings.LenderId);
        var entity = new TableEntity(Partition, settings.LenderId) { ["Settings"] = JsonSerializer.Serialize(settings, Json) };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        lock (cache)
        {
            cache.Remove(settings.LenderId);
        }
    }

    public async Task<IReadOnlyList<string>> ListLenderIdsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            filter: $"PartitionKey eq '{Partition}'", select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey);
        }

        return ids;
    }
}
