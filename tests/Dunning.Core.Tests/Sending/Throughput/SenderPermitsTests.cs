using Dunning.Core.Sending.Throughput;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Core.Tests.Sending.Throughput;

public sealed class SenderPermitsTests
{
    private const string TollFree = "+18005550100";
    private static readonly DateTimeOffset Start = new(2030, 6, 12, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Start);
    private readonly InMemorySenderThroughputStore store = new();

    private SenderPermits Instance() => new(store, Options.Create(new SenderThroughputOptions()), time);

    private static async Task AssertGrantedAsync(SenderPermits permits, int times, string sender = TollFree)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True((await permits.TryAcquireAsync(sender)).Granted, $"permit {i + 1} of {times} was refused");
        }
    }

    [Fact]
    public async Task TryAcquire_ABlockServesManySends_OneStoreRequestPerBlock()
    {
        var permits = Instance();

        await AssertGrantedAsync(permits, 10);
        Assert.Equal(1, store.Requests);

        await AssertGrantedAsync(permits, 1);
        Assert.Equal(2, store.Requests);
    }

    [Fact]
    public async Task TryAcquire_EmptyBucket_RefusesWithoutAskingAgainAndSpacesTheReturnsOnePermitApart()
    {
        var permits = Instance();
        var granted = 0;
        while ((await permits.TryAcquireAsync(TollFree)).Granted)
        {
            granted++;
        }

        var requestsWhenEmpty = store.Requests;
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var refused = await permits.TryAcquireAsync(TollFree);
            Assert.False(refused.Granted);
            waits.Add(refused.RetryAfter);
        }

        Assert.Equal(33, granted); // the full bucket: three blocks of 10 and the 3 left
        Assert.Equal(requestsWhenEmpty, store.Requests);
        Assert.All(waits, w => Assert.True(w > TimeSpan.Zero));
        Assert.All(waits.Zip(waits.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1) / 200, pair.Second - pair.First));

        time.Advance(waits[^1]);
        Assert.True((await permits.TryAcquireAsync(TollFree)).Granted);
    }

    [Fact]
    public async Task TryAcquire_BlockUnspentPastItsLifetime_IsDroppedAndTheNextBlockIsOnlyWhatWasUsed()
    {
        var permits = Instance();
        await AssertGrantedAsync(permits, 2);

        time.Advance(SenderTokenBucket.BlockLifetime);
        await AssertGrantedAsync(permits, 2);
        Assert.Equal(2, store.Requests);

        // The second block held 2 (what the first one used): a third send needs a third block.
        await AssertGrantedAsync(permits, 1);
        Assert.Equal(3, store.Requests);
    }

    [Fact]
    public async Task TryAcquire_AlphanumericSenders_ShareTheResourcesOneBucket()
    {
        var permits = Instance();

        await AssertGrantedAsync(permits, 1, "CONTOSO");
        await AssertGrantedAsync(permits, 1, "FABRIKAM");
        await AssertGrantedAsync(permits, 1);

        Assert.Equal([TollFree, SenderThroughputLimits.AlphanumericBucketKey], store.BucketKeys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TryAcquire_FourInstancesWantingFarMoreThanTheLimit_TheAppStaysWithinItAndEachGetsAShare()
    {
        // Four instances (separate objects, one shared store) each try 40 sends every second for ten minutes, in an
        // order that changes as requests arriving from separate machines would.
        var instances = Enumerable.Range(0, 4).Select(_ => Instance()).ToList();
        var arrival = new Random(7);
        var sendsBySecond = new int[600];
        var byInstance = new int[instances.Count];
        for (var second = 0; second < sendsBySecond.Length; second++)
        {
            for (var attempt = 0; attempt < 40; attempt++)
            {
                foreach (var i in Enumerable.Range(0, instances.Count).OrderBy(_ => arrival.Next()))
                {
                    if ((await instances[i].TryAcquireAsync(TollFree)).Granted)
                    {
                        sendsBySecond[second]++;
                        byInstance[i]++;
                    }
                }
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        var mostInAMinute = Enumerable.Range(0, sendsBySecond.Length - 60).Max(s => sendsBySecond.Skip(s).Take(60).Sum());
        Assert.InRange(mostInAMinute, 180, SenderTokenBucket.MostPerMinute(200));
        Assert.InRange(sendsBySecond.Sum(), 200 * 9, (200 * 10) + 34);
        Assert.All(byInstance, count => Assert.InRange(count, 200, 800));
    }
}
