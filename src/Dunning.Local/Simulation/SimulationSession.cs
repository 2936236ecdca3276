using Dunning.Local.Pipeline;
using Dunning.Local.Report;

namespace Dunning.Local.Simulation;

/// <summary>What one simulation produced: the raw result, the report's numbers, and where the files went.</summary>
public sealed record SimulationRunOutput(SimulationResult Result, SimulationReport Report, string? HtmlPath, string? JsonPath);

/// <summary>Starts the local pipeline for a simulation, runs it, and writes the report.</summary>
public static class SimulationSession
{
    /// <param name="storageConnectionString">An Azurite already running (tests); null starts one from node_modules.</param>
    /// <param name="writeReport">False skips report.html and report.json (tests comparing numbers only).</param>
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
        var setup = SimulationSetup.For(options, book, storageConnectionString);
        stepStarted?.Invoke("start");
        await using var pipeline = await LocalPipeline.StartAsync(setup.PipelineOptions, repositoryRoot, cancellationToken);
        stepStarted?.Invoke("simulate");
        var result = await SimulationRunner.RunAsync(pipeline, setup, options, book, dayDone, cancellationToken);
        stepStarted?.Invoke("report");
        var report = ReportBuilder.Build(result);
        if (!writeReport)
        {
            return new SimulationRunOutput(result, report, null, null);
        }

        var (html, json) = await HtmlReport.WriteAsync(report, options.ArtifactsDirectory, cancellationToken, ReportBuilder.MessagesCsv(result));
        return new SimulationRunOutput(result, report, html, json);
    }
}
