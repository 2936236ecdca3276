using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dunning.Core.Sending.Throughput;

/// <summary>
/// This instance's share of the app-wide sender limits. Permits are spent from a block taken from the sender's
/// shared bucket (<see cref="ISenderThroughputStore"/>); only an empty block costs a storage request. A block
/// unspent after <see cref="SenderTokenBucket.BlockLifetime"/> is dropped (so an instance that dies strands at most
/// one block), and the next block asked for is no bigger than what the last one used, so many quiet instances do
/// not drain the bucket into blocks they drop. When the bucket is empty, refused sends are given return times one
/// permit apart from when it refills: the queue holds them, nobody polls.
/// </summary>
public sealed class SenderPermits(ISenderThroughputStore store, IOptions<SenderThroughputOptions> options, TimeProvider time) : ISenderPermits
{
    private readonly ConcurrentDictionary<string, LocalShare> shares = new(StringComparer.Ordinal);
    private readonly SenderThroughputOptions settings = options.Value;

    public async ValueTask<SenderPermit> TryAcquireAsync(string senderId, CancellationToken cancellationToken = default)
    {
        var limit = SenderThroughputLimits.PermitsPerMinute(senderId, settings);
        var share = shares.GetOrAdd(SenderThroughputLimits.BucketKeyOf(senderId), key => new LocalShare(key, SenderTokenBucket.BlockSize(limit, settings.BlocksPerMinute)));
        if (share.TryDecide(time.GetUtcNow(), limit) is { } quick)
        {
            return quick;
        }

        // One request for a block per sender at a time: the sends that queue here are served from it.
        await share.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (share.TryDecide(now, limit) is { } decided)
            {
                return decided;
            }

            var block = await store.TakeBlockAsync(share.Key, limit, share.NextRequest, now, cancellationToken);
            return share.Receive(block, time.GetUtcNow(), limit);
        }
        finally
        {
            share.Gate.Release();
        }
    }

    /// <summary>What this instance holds of one bucket; every field is read and written under its lock.</summary>
    private sealed class LocalShare(string key, int blockSize)
    {
        private readonly Lock sync = new();
        private readonly int largestBlock = blockSize;
        private int remaining;
        private int granted;
        private DateTimeOffset expiresAt;
        private DateTimeOffset askNotBefore;
        private DateTimeOffset nextReturn;
        private int nextRequest = blockSize;

        public string Key { get; } = key;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int NextRequest
        {
            get
            {
                lock (sync)
                {
                    return nextRequest;
                }
            }
        }

        /// <summary>A permit from the block in hand, a refusal while the bucket is known empty, or null: ask the store.</summary>
        public SenderPermit? TryDecide(DateTimeOffset now, int limit)
        {
            lock (sync)
            {
                if (remaining > 0 && now >= expiresAt)
                {
                    // Unspent in time: dropped, and the next block is sized to what this instance really spends.
                    nextRequest = Math.Max(1, granted - remaining);
                    remaining = 0;
                }

                if (remaining > 0)
                {
                    remaining--;
                    if (remaining == 0)
                    {
                        nextRequest = Math.Min(largestBlock, nextRequest * 2);
                    }

                    return SenderPermit.Yes;
                }

                return now < askNotBefore ? Refuse(now, limit) : null;
            }
        }

        public SenderPermit Receive(SenderBlock block, DateTimeOffset now, int limit)
        {
            lock (sync)
            {
                if (block.Granted > 0)
                {
                    granted = block.Granted;
                    remaining = block.Granted - 1;
                    expiresAt = now + SenderTokenBucket.BlockLifetime;
                    if (remaining == 0)
                    {
                        nextRequest = Math.Min(largestBlock, nextRequest * 2);
                    }

                    return SenderPermit.Yes;
                }

                askNotBefore = block.NextAvailableAt;
                return Refuse(now, limit);
            }
        }

        /// <summary>
        /// Return times one permit's interval apart, starting when the bucket refills: a backlog comes back at the
        /// rate the limit lets it out instead of all at once at the refill.
        /// </summary>
        private SenderPermit Refuse(DateTimeOffset now, int limit)
        {
            var at = new[] { nextReturn, askNotBefore, now }.Max();
            nextReturn = at + (TimeSpan.FromMinutes(1) / limit);
            var wait = at - now;
            return new SenderPermit(false, wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1) / limit);
        }
    }
}
