using Dunning.Core.Experiments;

namespace Dunning.Simulation.Tests;

public sealed class ThompsonSamplerTests
{
    [Fact]
    public void Choose_SameSeedAndKey_GivesTheSameArm()
    {
        BetaPosterior[] arms = [new(3, 5), new(4, 4), new(1, 1)];
        var picks = Enumerable.Range(0, 50).Select(i => new ThompsonSampler(7).Choose(arms, $"job-{i}")).ToList();
        var again = Enumerable.Range(0, 50).Select(i => new ThompsonSampler(7).Choose(arms, $"job-{i}")).ToList();
        Assert.Equal(picks, again);
        Assert.True(picks.Distinct().Count() > 1, "different keys should explore different arms");
    }

    [Fact]
    public void Choose_OneArmClearlyBetter_SendsMostTrafficThere()
    {
        BetaPosterior[] arms = [new(20, 80), new(40, 60)];
        var sampler = new ThompsonSampler(42);
        var toBetter = Enumerable.Range(0, 1000).Count(i => sampler.Choose(arms, $"job-{i}") == 1);
        Assert.InRange(toBetter, 950, 1000);
    }

    [Fact]
    public void Choose_NoEvidence_SplitsRoughlyEvenly()
    {
        BetaPosterior[] arms = [new(0, 0), new(0, 0)];
        var sampler = new ThompsonSampler(42);
        var toSecond = Enumerable.Range(0, 2000).Count(i => sampler.Choose(arms, $"job-{i}") == 1);
        Assert.InRange(toSecond, 850, 1150);
    }

    [Theory]
    [InlineData(2.0, 5.0)]
    [InlineData(0.5, 0.5)]
    [InlineData(30.0, 10.0)]
    public void SampleBeta_MeanOfManyDraws_IsAlphaOverAlphaPlusBeta(double alpha, double beta)
    {
        var random = new Random(1);
        var mean = Enumerable.Range(0, 20_000).Average(_ => ThompsonSampler.SampleBeta(random, alpha, beta));
        Assert.Equal(alpha / (alpha + beta), mean, 2);
    }
}
