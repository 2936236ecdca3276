namespace Dunning.Core.Sending.Throughput;

/// <summary>A sender's shared bucket as stored: tokens left at <see cref="RefilledAt"/>.</summary>
public readonly record struct SenderBucketState(double Tokens, DateTimeOffset RefilledAt);

/// <summary>
/// The token bucket behind a sender's app-wide limit. Tokens accrue at the per-minute limit; the bucket holds at
/// most <see cref="Capacity"/>. An instance takes a block of tokens and must spend them within
/// <see cref="BlockLifetime"/>, so the sends in any 60 seconds come from tokens granted in 65 seconds:
/// capacity + limit × 65/60, which the capacity keeps at 1.25 × limit (a token bucket's first burst of 25%).
/// </summary>
public static class SenderTokenBucket
{
    /// <summary>How long a granted block may be spent; what is left after it is dropped, not returned.</summary>
    public static readonly TimeSpan BlockLifetime = TimeSpan.FromSeconds(5);

    /// <summary>The most a sender may go over its limit in any minute, as a share of the limit.</summary>
    public const double BurstShare = 0.25;

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Tokens the bucket holds when full: the burst share less what a block's lifetime can add.</summary>
    public static double Capacity(int permitsPerMinute) =>
        Math.Max(1, permitsPerMinute * (BurstShare - (BlockLifetime / Minute)));

    /// <summary>The most sends any 60 seconds can see for the sender (the bound the chaos run checks).</summary>
    public static int MostPerMinute(int permitsPerMinute) => (int)Math.Floor(permitsPerMinute * (1 + BurstShare));

    /// <summary>The block an instance asks for: a share of the minute's limit, never more than the bucket holds.</summary>
    public static int BlockSize(int permitsPerMinute, int blocksPerMinute) =>
        Math.Clamp(permitsPerMinute / Math.Max(1, blocksPerMinute), 1, (int)Math.Floor(Capacity(permitsPerMinute)));

    /// <summary>A bucket seen for the first time: full.</summary>
    public static SenderBucketState Full(int permitsPerMinute, DateTimeOffset now) => new(Capacity(permitsPerMinute), now);

    /// <summary>The bucket at <paramref name="now"/>: tokens accrued since it was last written, up to capacity.</summary>
    public static SenderBucketState Refill(SenderBucketState state, int permitsPerMinute, DateTimeOffset now)
    {
        // A row stamped by a clock ahead of ours accrues nothing now, and is stamped again with our clock: keeping the
        // later stamp would starve every instance until that clock's time came (a day, for a clock set wrong).
        var elapsed = now > state.RefilledAt ? now - state.RefilledAt : TimeSpan.Zero;
        var tokens = Math.Min(Capacity(permitsPerMinute), state.Tokens + (permitsPerMinute * (elapsed / Minute)));
        return new SenderBucketState(tokens, now);
    }

    /// <summary>Takes up to <paramref name="requested"/> whole tokens; <c>Taken</c> is 0 when not one is there.</summary>
    public static (SenderBucketState After, int Taken) Take(SenderBucketState state, int permitsPerMinute, int requested, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1);
        var refilled = Refill(state, permitsPerMinute, now);
        var taken = (int)Math.Min(requested, Math.Floor(refilled.Tokens));
        return (refilled with { Tokens = refilled.Tokens - taken }, taken);
    }

    /// <summary>When the bucket will hold <paramref name="tokens"/> whole tokens (now if it already does).</summary>
    public static DateTimeOffset WhenAvailable(SenderBucketState state, int permitsPerMinute, int tokens, DateTimeOffset now)
    {
        var refilled = Refill(state, permitsPerMinute, now);
        var wanted = Math.Min(tokens, Math.Floor(Capacity(permitsPerMinute)));
        if (refilled.Tokens >= wanted)
        {
            return now;
        }

        return refilled.RefilledAt + (Minute * ((wanted - refilled.Tokens) / permitsPerMinute));
    }
}
