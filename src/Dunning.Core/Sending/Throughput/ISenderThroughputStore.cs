namespace Dunning.Core.Sending.Throughput;

/// <summary>A block of a sender's permits: how many were granted, and when the shared bucket can next grant one.</summary>
public readonly record struct SenderBlock(int Granted, DateTimeOffset NextAvailableAt);

/// <summary>
/// The shared row each sender's permits come from (one per bucket key for the whole app). Implementations take a
/// block with optimistic concurrency, so any number of instances can ask at once and the total stays in the bucket.
/// </summary>
public interface ISenderThroughputStore
{
    Task<SenderBlock> TakeBlockAsync(string bucketKey, int permitsPerMinute, int requested, DateTimeOffset now, CancellationToken cancellationToken = default);
}
