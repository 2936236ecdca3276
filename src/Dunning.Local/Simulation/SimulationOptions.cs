using Dunning.Core.Experiments;

namespace Dunning.Local.Simulation;

public sealed record SimulationOptions
{
    /// <summary>Each policy runs as lender "{prefix}-{policy}" (sim-none, sim-fixed, sim-dunning, sim-experiments).</summary>
    public string LenderPrefix { get; init; } = "sim";

    public int Borrowers { get; init; } = 10_000;

    public int Days { get; init; } = 60;

    public int Seed { get; init; } = 42;

    public int BadRows { get; init; } = 12;

    /// <summary>The virtual clock's first instant (UTC midnight, so every time zone starts on a known date).</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public BehaviourModel Model { get; init; } = BehaviourModel.Default;

    public BookShape Shape { get; init; } = new();

    /// <summary>A lender's schedule CSV to simulate instead of a generated book.</summary>
    public string? BookCsv { get; init; }

    public IReadOnlyList<SimulationPolicy> Policies { get; init; } = SimulationPolicies.All;

    public IReadOnlyList<ExperimentDefinition> Experiments { get; init; } = SampleExperiments.Default;

    public string ArtifactsDirectory { get; init; } = "artifacts";

    public string LenderIdFor(SimulationPolicy policy) => $"{LenderPrefix}-{SimulationPolicies.Slug(policy)}";
}
