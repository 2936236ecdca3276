using Dunning.Core.FollowUps;

namespace Dunning.Core.Tests.FollowUps;

public sealed class FollowUpIdsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_SameSource_SameId() => Assert.Equal(FollowUpIds.For(At, "in-1"), FollowUpIds.For(At, "in-1"));

    [Fact]
    public void For_SortsByCreationTime() =>
        Assert.True(string.CompareOrdinal(FollowUpIds.For(At, "zzz"), FollowUpIds.For(At.AddMilliseconds(1), "aaa")) < 0);

    [Fact]
    public void IsWellFormed_AcceptsOwnIdsOnly()
    {
        Assert.True(FollowUpIds.IsWellFormed(FollowUpIds.For(At, "in-1")));
        Assert.False(FollowUpIds.IsWellFormed("20261204020000000-../../etc/x"));
        Assert.False(FollowUpIds.IsWellFormed(null));
    }

    [Fact]
    public void LowerBound_IsNotAfterIdsCreatedThen() =>
        Assert.True(string.CompareOrdinal(FollowUpIds.LowerBound(At), FollowUpIds.For(At, "x")) <= 0);
}
