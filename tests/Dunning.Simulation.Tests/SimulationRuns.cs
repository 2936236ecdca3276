using Dunning.Local.Simulation;
using Dunning.Testing;

namespace Dunning.Simulation.Tests;

/// <summary>
/// The small simulations the tests share, each run once per test run on fresh Azurites. The pipeline is
/// the real one, so a run costs real seconds; sizes here are the largest that keep this project near 4 minutes.
/// </summary>
internal static class SimulationRuns
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, SimulationRunOutput> Done = [];

    /// <summary>All four policies, small: for "no messages sends nothing", same-seed numbers and the browser check.</summary>
    public static SimulationOptions Small(string prefix) => new()
    {
        LenderPrefix = prefix,
        Borrowers = 60,
        Days = 12,
        Seed = 11,
        BadRows = 2,
        Policies = SimulationPolicies.All,
        ArtifactsDirectory = Path.Combine(Path.GetTempPath(), "dunning-sim-tests", prefix),
    };

    public static async Task<SimulationRunOutput> GetAsync(SimulationOptions options, bool writeReport = true)
    {
        await Gate.WaitAsync();
        try
        {
            if (!Done.TryGetValue(options.LenderPrefix, out var output))
            {
                output = await SimulationSession.RunAsync(options, RepositoryRoot.Find(), writeReport: writeReport);
                Done[options.LenderPrefix] = output;
            }

            return output;
        }
        finally
        {
            Gate.Release();
        }
    }
}
