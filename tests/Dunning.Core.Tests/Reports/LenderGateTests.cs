using Dunning.Core.Lenders;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Reports;

public sealed class LenderGateTests
{
    private const string WrongKey = "not-the-key";

    [Fact]
    public async Task Admit_TheLendersOwnKey_AdmitsWithItsSettings()
    {
        var h = new EventsHarness();

        var admission = await h.NewGate().AdmitAsync(EventsHarness.LenderId, EventsHarness.LenderKey);

        Assert.True(admission.Admitted);
        Assert.Equal(EventsHarness.LenderId, admission.Lender!.LenderId);
    }

    [Fact]
    public async Task Admit_WrongKeysSpreadOverTwoInstances_AreCountedTogetherAndThenBlockBothForEveryKey()
    {
        var h = new EventsHarness();
        var first = h.NewGate();
        var second = h.NewGate();

        for (var i = 0; i < LenderGate.FreeFailures; i++)
        {
            var gate = i % 2 == 0 ? first : second;
            Assert.Equal(403, (await gate.AdmitAsync(EventsHarness.LenderId, WrongKey)).Refusal!.StatusCode);
        }

        var blocked = (await second.AdmitAsync(EventsHarness.LenderId, WrongKey)).Refusal!;
        var rightKeyWhileBlocked = (await first.AdmitAsync(EventsHarness.LenderId, EventsHarness.LenderKey)).Refusal;

        Assert.Equal(429, blocked.StatusCode);
        Assert.Equal("2", blocked.Headers!["Retry-After"]);
        Assert.Equal(429, rightKeyWhileBlocked?.StatusCode);
        Assert.Equal(LenderGate.FreeFailures + 1, (await h.KeyFailures.GetAsync(EventsHarness.LenderId))!.Count);
    }

    [Fact]
    public async Task Admit_AfterTheBlockRunsOut_TheRightKeyIsAdmittedAndClearsTheCount()
    {
        var h = new EventsHarness();
        var gate = h.NewGate();
        for (var i = 0; i <= LenderGate.FreeFailures; i++)
        {
            await gate.AdmitAsync(EventsHarness.LenderId, WrongKey);
        }

        h.Time.Advance(TimeSpan.FromSeconds(3));
        var admission = await h.NewGate().AdmitAsync(EventsHarness.LenderId, EventsHarness.LenderKey);

        Assert.True(admission.Admitted);
        Assert.Equal(0, (await h.KeyFailures.GetAsync(EventsHarness.LenderId))!.Count);
    }

    [Fact]
    public async Task Admit_WrongKeysFarApart_AreForgotten()
    {
        var h = new EventsHarness();
        for (var i = 0; i < LenderGate.FreeFailures * 2; i++)
        {
            Assert.Equal(403, (await h.NewGate().AdmitAsync(EventsHarness.LenderId, WrongKey)).Refusal!.StatusCode);
            h.Time.Advance(LenderGate.FailureMemory);
        }
    }

    [Fact]
    public async Task Admit_UnknownLender_Is403AndLeavesNoRow()
    {
        var h = new EventsHarness();

        var refusal = (await h.NewGate().AdmitAsync("no-such-lender", WrongKey)).Refusal!;

        Assert.Equal(403, refusal.StatusCode);
        Assert.Null(await h.KeyFailures.GetAsync("no-such-lender"));
        Assert.Equal(0, h.KeyFailures.Writes);
    }

    [Theory]
    [InlineData(LenderGate.FreeFailures, null)]
    [InlineData(LenderGate.FreeFailures + 1, 2)]
    [InlineData(LenderGate.FreeFailures + 3, 8)]
    [InlineData(LenderGate.FreeFailures + 40, 300)]
    public void BlockAfter_DoublesFromTwoSecondsUpToFiveMinutes(int failures, int? seconds)
    {
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), LenderGate.BlockAfter(failures));
    }
}
