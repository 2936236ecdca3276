namespace Dunning.Local.Simulation;

public sealed record SimulationOptions
{
    public string LenderId { get; init; } = "demo-lender";
    public int Borrowers { get; init; } = 1000;
    public int Days { get; init; } = 45;
    public int Seed { get; init; } = 42;
    public int BadRows { get; init; } = 12;

    /// <summary>The virtual clock's first instant (UTC midnight, so every time zone starts on a known date).</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public BehaviourModel Model { get; init; } = BehaviourModel.Default;

    public string ArtifactsDirectory { get; init; } = "artifacts";
}
