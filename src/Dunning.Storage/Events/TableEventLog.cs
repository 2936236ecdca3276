using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Events;

namespace Dunning.Storage.Events;

/// <summary>
/// The Events table: one row per handled event id. PartitionKey = the first two hex characters of SHA-256(id),
/// spreading ids over 256 partitions; RowKey = the escaped id.
/// </summary>
public sealed class TableEventLog(DunningStorage storage, TimeProvider time) : IEventLog
{
    private readonly TableClient table = storage.Table(PipelineNames.EventsTable);

    public async Task<bool> ContainsAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKeyOf(eventId), TableKeys.Escape(eventId), ["PartitionKey"], cancellationToken);
        return response.HasValue;
    }

    public async Task<bool> TryRecordAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(PartitionKeyOf(eventId), TableKeys.Escape(eventId))
        {
            ["RecordedAt"] = time.GetUtcNow(),
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public static string PartitionKeyOf(string eventId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)), 0, 1);
}
