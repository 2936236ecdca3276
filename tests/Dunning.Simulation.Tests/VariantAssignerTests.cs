using Dunning.Core;
using Dunning.Core.Experiments;
using Dunning.Core.Lenders;

namespace Dunning.Simulation.Tests;

public sealed class VariantAssignerTests
{
    private static readonly ExperimentDefinition Experiment = new()
    {
        Id = "t0-wording",
        Stage = "T0",
        Variants = [new ExperimentVariant { Name = "control" }, new ExperimentVariant { Name = "short", TemplateName = "T0-short" }],
    };

    [Fact]
    public void Assign_SameBorrower_AlwaysSameArm()
    {
        var first = Enumerable.Range(0, 200).Select(i => VariantAssigner.Assign(Experiment, $"B{i}").Name).ToList();
        var second = Enumerable.Range(0, 200).Reverse().Select(i => VariantAssigner.Assign(Experiment, $"B{i}").Name).Reverse().ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void Assign_ManyBorrowers_SplitsRoughlyEvenly()
    {
        var shortArm = Enumerable.Range(0, 4000).Count(i => VariantAssigner.Assign(Experiment, $"B{i}").Name == "short");
        Assert.InRange(shortArm, 1800, 2200);
    }

    [Fact]
    public void Assign_DifferentExperiments_SplitIndependently()
    {
        var other = Experiment with { Id = "t-3-send-hour" };
        var agree = Enumerable.Range(0, 4000).Count(i => VariantAssigner.Assign(Experiment, $"B{i}").Name == VariantAssigner.Assign(other, $"B{i}").Name);
        Assert.InRange(agree, 1800, 2200);
    }

    [Fact]
    public async Task FixedVariantPolicy_OnlyTheExperimentsStage_GetsAnArm()
    {
        var settings = LenderSettings.DefaultFor("lender-a") with { Experiments = [Experiment] };
        var policy = new FixedVariantPolicy();
        Assert.NotNull(await policy.ChooseAsync(settings, Stage.AtOffset(0), "B1", "job-1"));
        Assert.Null(await policy.ChooseAsync(settings, Stage.AtOffset(-3), "B1", "job-2"));
    }

    [Fact]
    public async Task AdaptiveVariantPolicy_ThompsonExperiment_KeepsTheArmForARetriedJob()
    {
        var settings = LenderSettings.DefaultFor("lender-a") with { Experiments = [Experiment with { Mode = AllocationMode.Thompson }] };
        var tally = new ExperimentTally();
        var policy = new AdaptiveVariantPolicy(tally, new ThompsonSampler(3));
        var first = await policy.ChooseAsync(settings, Stage.AtOffset(0), "B1", "job-1");
        for (var i = 0; i < 200; i++)
        {
            tally.Record("t0-wording", first!.Variant.Name == "control" ? "short" : "control", success: true);
        }

        var again = await policy.ChooseAsync(settings, Stage.AtOffset(0), "B1", "job-1");
        Assert.Equal(first!.Variant.Name, again!.Variant.Name);
    }
}
