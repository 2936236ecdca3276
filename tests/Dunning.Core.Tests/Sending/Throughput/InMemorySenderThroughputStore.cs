using Dunning.Core.Sending.Throughput;

namespace Dunning.Core.Tests.Sending.Throughput;

/// <summary>The shared bucket rows in memory, as atomic as the table's ETag writes; counts the requests a store would pay.</summary>
internal sealed class InMemorySenderThroughputStore : ISenderThroughputStore
{
    private readonly Dictionary<string, SenderBucketState> buckets = new(StringComparer.Ordinal);

    public int Requests { get; private set; }

    public IReadOnlyCollection<string> BucketKeys
    {
        get
        {
            lock (buckets)
            {
                return [.. buckets.Keys];
            }
        }
    }

    public Task<SenderBlock> TakeBlockAsync(string bucketKey, int permitsPerMinute, int requested, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (buckets)
        {
            Requests++;
            var state = buckets.TryGetValue(bucketKey, out var stored) ? stored : SenderTokenBucket.Full(permitsPerMinute, now);
            var (after, taken) = SenderTokenBucket.Take(state, permitsPerMinute, requested, now);
            buckets[bucketKey] = after;
            return Task.FromResult(new SenderBlock(taken, taken > 0 ? now : SenderTokenBucket.WhenAvailable(state, permitsPerMinute, requested, now)));
        }
    }
}
