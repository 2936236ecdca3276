using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Sending.Throughput;
using Dunning.Storage;
using Dunning.Storage.Sending;
using Dunning.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Integration.Tests.Sending;

[Collection(AzuriteCollection.Name)]
public sealed class TableSenderThroughputStoreTests(AzuriteFixture azurite)
{
    private const int Limit = SenderThroughputLimits.TollFreePerMinute;
    private static readonly DateTimeOffset Start = new(2030, 6, 12, 2, 0, 30, TimeSpan.Zero);

    /// <summary>A sender of its own per test, so the shared table's other rows never interfere.</summary>
    private static string NewTollFreeSender() => "+1800" + Random.Shared.Next(2_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An instance as a separate process would have it: its own storage clients, store and permits.</summary>
    private SenderPermits NewInstance(TimeProvider time) =>
        new(new TableSenderThroughputStore(new DunningStorage(azurite.ConnectionString)), Options.Create(new SenderThroughputOptions()), time);

    [Fact]
    public async Task SixInstancesRacingForOneSender_GrantNoMoreThanTheBucketAcrossAMinuteBoundary()
    {
        var sender = NewTollFreeSender();
        var time = new FakeTimeProvider(Start);
        var instances = Enumerable.Range(0, 6).Select(_ => NewInstance(time)).ToList();
        var grantedByStep = new List<int>();
        var byInstance = new int[instances.Count];

        // Every 5 s for two minutes (across the 02:01 and 02:02 boundaries) each instance asks 30 times at once.
        for (var step = 0; step < 24; step++)
        {
            var results = await Task.WhenAll(instances.Select(async (permits, i) =>
            {
                var granted = 0;
                await Parallel.ForEachAsync(Enumerable.Range(0, 30), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
                {
                    if ((await permits.TryAcquireAsync(sender, ct)).Granted)
                    {
                        Interlocked.Increment(ref granted);
                    }
                });
                return (Instance: i, Granted: granted);
            }));
            foreach (var (instance, granted) in results)
            {
                byInstance[instance] += granted;
            }

            grantedByStep.Add(results.Sum(r => r.Granted));
            time.Advance(TimeSpan.FromSeconds(5));
        }

        // Any twelve consecutive steps are a minute of sends: never past the limit and its first burst.
        var mostInAMinute = Enumerable.Range(0, grantedByStep.Count - 11).Max(s => grantedByStep.Skip(s).Take(12).Sum());
        Assert.InRange(mostInAMinute, 1, SenderTokenBucket.MostPerMinute(Limit));

        // Full bucket (33) plus what two minutes accrue (400) is the most the app can have had at all.
        Assert.InRange(grantedByStep.Sum(), Limit, (int)SenderTokenBucket.Capacity(Limit) + (2 * Limit));
        Assert.InRange(grantedByStep[0], 1, (int)SenderTokenBucket.Capacity(Limit));
        Assert.True(byInstance.Count(n => n > 0) >= 2, $"one instance took every permit: {string.Join(", ", byInstance)}");
    }

    [Fact]
    public async Task TakeBlock_StaleCopyOfTheRow_LosesTheRaceRereadsAndNeverHandsOutTheSameTokens()
    {
        var sender = NewTollFreeSender();
        var first = new TableSenderThroughputStore(new DunningStorage(azurite.ConnectionString));
        var second = new TableSenderThroughputStore(new DunningStorage(azurite.ConnectionString));

        // Both keep the row as they last wrote it; each write makes the other's copy stale.
        var taken = 0;
        for (var round = 0; round < 5; round++)
        {
            taken += (await first.TakeBlockAsync(sender, Limit, 5, Start)).Granted;
            taken += (await second.TakeBlockAsync(sender, Limit, 5, Start)).Granted;
        }

        var empty = await first.TakeBlockAsync(sender, Limit, 5, Start);
        Assert.Equal(33, taken);
        Assert.Equal(0, empty.Granted);
        Assert.True(empty.NextAvailableAt > Start);

        var row = await azurite.Storage.Table(PipelineNames.SenderThroughputTable)
            .GetEntityAsync<TableEntity>(TableKeys.Escape(sender), TableSenderThroughputStore.BucketRowKey);
        Assert.InRange(row.Value.GetDouble("Tokens")!.Value, 0, 1);
    }

    [Fact]
    public async Task TakeBlock_RowStampedADayAheadAndEmpty_IsRestampedSoTheSenderMovesAgainWithinSeconds()
    {
        var sender = NewTollFreeSender();
        var table = azurite.Storage.Table(PipelineNames.SenderThroughputTable);
        await table.AddEntityAsync(new TableEntity(TableKeys.Escape(sender), TableSenderThroughputStore.BucketRowKey)
        {
            ["Tokens"] = 0.0,
            ["RefilledAt"] = Start.AddDays(1),
        });
        var store = new TableSenderThroughputStore(new DunningStorage(azurite.ConnectionString));

        var now = await store.TakeBlockAsync(sender, Limit, 10, Start);
        var later = await store.TakeBlockAsync(sender, Limit, 10, Start.AddSeconds(3));

        Assert.Equal(0, now.Granted);
        Assert.Equal(10, later.Granted);
    }
}
