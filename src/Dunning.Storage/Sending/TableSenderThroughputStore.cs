using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Sending.Throughput;

namespace Dunning.Storage.Sending;

/// <summary>
/// Each sender's token bucket as one row of table SenderThroughput (PK = bucket key, RK = "bucket"; properties
/// Tokens and RefilledAt). A block is taken with an ETag-conditional write, so instances racing for the same sender
/// never take the same tokens: the loser re-reads and decides again. The row as this instance last wrote it is
/// kept, so while nobody else takes from the bucket a block costs one request (the write) and no read; a stale copy
/// can only overstate the tokens (others only take), so an empty bucket is known empty without a read.
/// </summary>
public sealed class TableSenderThroughputStore(DunningStorage storage) : ISenderThroughputStore
{
    public const string BucketRowKey = "bucket";
    private const int MaxAttempts = 8;

    private readonly ConcurrentDictionary<string, (SenderBucketState State, ETag ETag)> lastWritten = new(StringComparer.Ordinal);

    private TableClient Table => storage.Table(PipelineNames.SenderThroughputTable);

    public async Task<SenderBlock> TakeBlockAsync(string bucketKey, int permitsPerMinute, int requested, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketKey);
        var partition = TableKeys.Escape(bucketKey);
        (SenderBucketState State, ETag? ETag)? known = lastWritten.TryGetValue(bucketKey, out var cached) ? (cached.State, cached.ETag) : null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (state, etag) = known ?? await ReadAsync(partition, permitsPerMinute, now, cancellationToken);
            var (after, taken) = SenderTokenBucket.Take(state, permitsPerMinute, requested, now);
            if (taken == 0)
            {
                if (state.RefilledAt > now && etag is { } stale)
                {
                    // Stamped by a clock ahead of ours: restamp it, or every reader would see no time pass until that
                    // clock's moment came, and the sender would stand still. Losing this race is harmless.
                    await TryRestampAsync(partition, after, permitsPerMinute, stale, cancellationToken);
                }

                return new SenderBlock(0, SenderTokenBucket.WhenAvailable(state, permitsPerMinute, requested, now));
            }

            var entity = Entity(partition, after, permitsPerMinute);
            try
            {
                var response = etag is { } match
                    ? await Table.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken)
                    : await Table.AddEntityAsync(entity, cancellationToken);
                lastWritten[bucketKey] = (after, response.Headers.ETag ?? ETag.All);
                return new SenderBlock(taken, now);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance took from the bucket since this copy: read it and decide again.
                lastWritten.TryRemove(bucketKey, out _);
                known = null;
            }
        }

        // Every attempt lost a race: the bucket is busy, so this sender's sends wait a moment rather than retry here.
        return new SenderBlock(0, now + (TimeSpan.FromMinutes(1) / permitsPerMinute));
    }

    private static TableEntity Entity(string partition, SenderBucketState state, int permitsPerMinute) => new(partition, BucketRowKey)
    {
        ["Tokens"] = state.Tokens,
        ["RefilledAt"] = state.RefilledAt,
        ["PermitsPerMinute"] = permitsPerMinute,
    };

    private async Task TryRestampAsync(string partition, SenderBucketState restamped, int permitsPerMinute, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(Entity(partition, restamped, permitsPerMinute), etag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance wrote the row meanwhile, with its own clock.
        }
    }

    private async Task<(SenderBucketState State, ETag? ETag)> ReadAsync(string partition, int permitsPerMinute, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(partition, BucketRowKey, ["Tokens", "RefilledAt"], cancellationToken);
        if (!row.HasValue || row.Value is not { } entity)
        {
            return (SenderTokenBucket.Full(permitsPerMinute, now), null);
        }

        var state = new SenderBucketState(entity.GetDouble("Tokens") ?? 0, entity.GetDateTimeOffset("RefilledAt") ?? now);
        return (state, entity.ETag);
    }
}
