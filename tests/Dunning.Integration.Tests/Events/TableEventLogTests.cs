using Dunning.Storage.Events;
using Dunning.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Integration.Tests.Events;

[Collection(AzuriteCollection.Name)]
public sealed class TableEventLogTests(AzuriteFixture azurite)
{
    private readonly TableEventLog log = new(azurite.Storage, new FakeTimeProvider());

    [Fact]
    public async Task TryRecord_SecondTime_ReturnsFalse()
    {
        var id = Guid.NewGuid().ToString();

        Assert.False(await log.ContainsAsync(id));
        Assert.True(await log.TryRecordAsync(id));
        Assert.False(await log.TryRecordAsync(id));
        Assert.True(await log.ContainsAsync(id));
    }

    [Fact]
    public async Task TryRecord_IdWithKeyForbiddenCharacters_IsStoredAndFound()
    {
        var id = "evt/" + Guid.NewGuid() + "#?\\%";

        Assert.True(await log.TryRecordAsync(id));
        Assert.True(await log.ContainsAsync(id));
        Assert.False(await log.ContainsAsync(id.TrimEnd('%')));
    }

    [Fact]
    public async Task TryRecord_ConcurrentDuplicates_ExactlyOneWins()
    {
        var id = Guid.NewGuid().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => log.TryRecordAsync(id)));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public void PartitionKeyOf_IsTwoHexCharacters() =>
        Assert.Matches("^[0-9a-f]{2}$", TableEventLog.PartitionKeyOf("any id"));
}
