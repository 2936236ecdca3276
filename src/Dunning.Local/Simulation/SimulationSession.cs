using System.Collections.Concurrent;
using Dunning.Local.Pipeline;
using Dunning.Local.Report;

namespace Dunning.Local.Simulation;

/// <summary>What one simulation produced: the raw result, the report's numbers, and where the files went.</summary>
public sealed record SimulationRunOutput(SimulationResult Result, SimulationReport Report, string? HtmlPath, string? JsonPath);

/// <summary>
/// Runs each policy on its own local pipeline and its own Azurite, two at a time, then writes one report. Azurite
/// answers a filtered query by reading the whole table, so four lenders in one Azurite cost about four times
/// as much per query as one; separate instances keep each small. The policies still see the same book and the
/// same draws, because the model's random numbers are hashes of the seed, not a shared generator.
/// </summary>
public static class SimulationSession
{
    /// <param name="storageConnectionString">Run every policy, one after another, on this storage instead of fresh Azurites.</param>
    /// <param name="writeReport">False skips the files (tests comparing numbers only).</param>
    public static async Task<SimulationRunOutput> RunAsync(
        SimulationOptions options,
        string repositoryRoot,
        string? storageConnectionString = null,
        bool writeReport = true,
        Action<string>? stepStarted = null,
        IProgress<int>? dayDone = null,
        CancellationToken cancellationToken = default)
    {
        var book = SimulationRunner.BookFor(options);
        var policies = options.Policies.Distinct().ToList();
        var results = new ConcurrentDictionary<SimulationPolicy, SimulationResult>();
        var daysDone = 0;
        stepStarted?.Invoke("simulate");
        await Parallel.ForEachAsync(
            policies,
            new ParallelOptions { MaxDegreeOfParallelism = storageConnectionString is null ? Math.Clamp(Environment.ProcessorCount, 1, 2) : 1, CancellationToken = cancellationToken },
            async (policy, ct) =>
            {
                var single = options with { Policies = [policy] };
                var setup = SimulationSetup.For(single, book, storageConnectionString);
                await using var pipeline = await LocalPipeline.StartAsync(setup.PipelineOptions, repositoryRoot, ct);
                var progress = new Progress<int>(_ => dayDone?.Report(Interlocked.Increment(ref daysDone)));
                results[policy] = await SimulationRunner.RunAsync(pipeline, setup, single, book, progress, ct);
            });

        stepStarted?.Invoke("report");
        var ordered = policies.Select(p => results[p]).ToList();
        var result = new SimulationResult(options, book, [.. ordered.SelectMany(r => r.Policies)], ordered[0].StartedAt, ordered[0].EndedAt,
            new SimulationTimings(
                Sum(ordered, t => t.Upload), Sum(ordered, t => t.Scan), Sum(ordered, t => t.Pipeline), Sum(ordered, t => t.Payments),
                ordered.Max(r => r.Timings.Total), ordered.Sum(r => r.Timings.HoursRun), ordered.Sum(r => r.Timings.HoursSkipped), ordered.Sum(r => r.Timings.ReleaseSteps)));
        var report = ReportBuilder.Build(result);
        if (!writeReport)
        {
            return new SimulationRunOutput(result, report, null, null);
        }

        var (html, json) = await HtmlReport.WriteAsync(report, options.ArtifactsDirectory, cancellationToken, ReportBuilder.MessagesCsv(result));
        return new SimulationRunOutput(result, report, html, json);
    }

    private static TimeSpan Sum(IEnumerable<SimulationResult> results, Func<SimulationTimings, TimeSpan> part) =>
        results.Aggregate(TimeSpan.Zero, (total, r) => total + part(r.Timings));
}
