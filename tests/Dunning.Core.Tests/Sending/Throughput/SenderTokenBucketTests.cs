using Dunning.Core.Sending.Throughput;

namespace Dunning.Core.Tests.Sending.Throughput;

public sealed class SenderTokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2030, 6, 12, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(200)]
    [InlineData(600)]
    [InlineData(6_000)]
    [InlineData(60)]
    public void GreedyTakers_NoSixtyFiveSecondsGrantMoreThanTheLimitAndItsBurst(int limit)
    {
        // Whoever asks takes everything there is, every second for ten minutes: the worst the instances can do together.
        var state = SenderTokenBucket.Full(limit, Start);
        var grantsBySecond = new List<int>();
        for (var second = 0; second < 600; second++)
        {
            var now = Start.AddSeconds(second);
            (state, var taken) = SenderTokenBucket.Take(state, limit, int.MaxValue, now);
            grantsBySecond.Add(taken);
        }

        // Blocks are spent within their lifetime, so a minute's sends come from 65 seconds of grants.
        var window = 60 + (int)SenderTokenBucket.BlockLifetime.TotalSeconds;
        var most = Enumerable.Range(0, grantsBySecond.Count - window).Max(s => grantsBySecond.Skip(s).Take(window).Sum());
        Assert.InRange(most, limit, SenderTokenBucket.MostPerMinute(limit));

        // Over the long run the rate is the limit itself.
        Assert.InRange(grantsBySecond.Sum(), (limit * 10) - 1, (limit * 10) + SenderTokenBucket.Capacity(limit));
    }

    [Fact]
    public void Take_EmptyBucket_TakesNothingAndSaysWhenOneBlockIsThere()
    {
        var (empty, taken) = SenderTokenBucket.Take(SenderTokenBucket.Full(200, Start), 200, 1_000, Start);
        Assert.Equal(33, taken);

        var (_, again) = SenderTokenBucket.Take(empty, 200, 10, Start);
        Assert.Equal(0, again);

        // 200 a minute is one token every 0.3 s: ten tokens take 3 s (less the fraction left over).
        var at = SenderTokenBucket.WhenAvailable(empty, 200, 10, Start);
        Assert.InRange(at - Start, TimeSpan.FromSeconds(2.7), TimeSpan.FromSeconds(3));
        var (_, later) = SenderTokenBucket.Take(empty, 200, 10, at);
        Assert.Equal(10, later);
    }

    [Fact]
    public void Refill_RowStampedByAClockADayAhead_AddsNothingNowAndAccruesFromOurClockAfter()
    {
        var ahead = new SenderBucketState(0, Start.AddDays(1));

        var now = SenderTokenBucket.Refill(ahead, 200, Start);
        var sixSecondsLater = SenderTokenBucket.Refill(now, 200, Start.AddSeconds(6));

        Assert.Equal((0d, Start), (now.Tokens, now.RefilledAt));
        Assert.Equal(20, sixSecondsLater.Tokens, 6);
    }

    [Theory]
    [InlineData(200, 20, 10)]
    [InlineData(6_000, 20, 300)]
    [InlineData(600, 20, 30)]
    [InlineData(60, 20, 3)]
    [InlineData(5, 20, 1)]
    [InlineData(200, 1, 33)]
    public void BlockSize_IsAShareOfTheMinuteNeverMoreThanTheBucketHolds(int limit, int blocksPerMinute, int expected) =>
        Assert.Equal(expected, SenderTokenBucket.BlockSize(limit, blocksPerMinute));
}
