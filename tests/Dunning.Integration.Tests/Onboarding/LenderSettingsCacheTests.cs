using Dunning.Core.Lenders;
using Dunning.Storage.Lenders;
using Dunning.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Integration.Tests.Onboarding;

/// <summary>What docs/LENDERS.md promises: a settings change saved by one host is in force on every other within the cache time.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LenderSettingsCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FindAsync_ChangeSavedByAnotherHost_IsSeenOnceTheCacheTimeHasPassed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var lenderId = "cache-" + Guid.NewGuid().ToString("N")[..8];
        var running = new TableLenderDirectory(azurite.Storage, time);
        var editor = new TableLenderDirectory(azurite.Storage, time);
        await editor.SaveAsync(LenderSettings.DefaultFor(lenderId) with { MaxMessagesPer7Days = 3 });
        Assert.Equal(3, (await running.FindAsync(lenderId))!.MaxMessagesPer7Days);

        await editor.SaveAsync(LenderSettings.DefaultFor(lenderId) with { MaxMessagesPer7Days = 2 });
        time.Advance(TableLenderDirectory.CacheDuration - TimeSpan.FromSeconds(1));
        var beforeExpiry = (await running.FindAsync(lenderId))!.MaxMessagesPer7Days;
        time.Advance(TimeSpan.FromSeconds(1));
        var afterExpiry = (await running.FindAsync(lenderId))!.MaxMessagesPer7Days;

        Assert.Equal((3, 2), (beforeExpiry, afterExpiry));
    }
}
