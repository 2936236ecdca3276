using Dunning.Core.Experiments;

namespace Dunning.Simulation.Tests;

public sealed class ExperimentStatisticsTests
{
    [Theory]
    [InlineData(50, 100, 0.4038, 0.5962)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(1, 20, 0.0089, 0.2361)]
    public void Wilson_KnownCases_MatchTheTextbookInterval(int successes, int trials, double low, double high)
    {
        var interval = ExperimentStatistics.Wilson(successes, trials);
        Assert.Equal(low, interval.Low, 3);
        Assert.Equal(high, interval.High, 3);
        Assert.InRange(interval.Rate, interval.Low, interval.High);
    }

    [Fact]
    public void Wilson_NoTrials_IsTheWholeRange()
    {
        var interval = ExperimentStatistics.Wilson(0, 0);
        Assert.Equal((0.0, 1.0), (interval.Low, interval.High));
    }

    [Fact]
    public void UpliftVersusControl_ClearDifference_IsSignificantWithNormalApproxBounds()
    {
        // 60% of 1000 vs 50% of 1000: difference 0.10, se = sqrt(.24/1000 + .25/1000) = 0.02214.
        var uplift = ExperimentStatistics.UpliftVersusControl(600, 1000, 500, 1000);
        Assert.Equal(0.10, uplift.Difference, 6);
        Assert.Equal(0.10 - 1.96 * 0.022136, uplift.Low, 3);
        Assert.Equal(0.10 + 1.96 * 0.022136, uplift.High, 3);
        Assert.True(uplift.IsSignificant);
    }

    [Fact]
    public void UpliftVersusControl_SmallArms_IsNotSignificant()
    {
        var uplift = ExperimentStatistics.UpliftVersusControl(6, 10, 5, 10);
        Assert.False(uplift.IsSignificant);
        Assert.True(uplift.Low < 0 && uplift.High > 0);
    }
}
