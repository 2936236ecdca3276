namespace Dunning.Simulation.Tests;

/// <summary>
/// Simulation tests share runs and must not run side by side: each run starts its own Azurite per policy (a fresh,
/// small store is several times faster than one shared Azurite whose tables every run grows).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SimulationCollection
{
    public const string Name = "Simulation runs";
}
