using System.CommandLine;
using System.Text.Json;
using Dunning.Core;
using Dunning.Local.Pipeline;
using Dunning.Local.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>
/// demo: the README's main command. Starts everything on this machine, uploads a generated book, runs
/// simulated days at accelerated time, prints a summary and writes the report under artifacts/.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var borrowers = new Option<int>("--borrowers") { Description = "Borrowers in the generated book", DefaultValueFactory = _ => 1000 };
        var days = new Option<int>("--days") { Description = "Simulated days", DefaultValueFactory = _ => 45 };
        var seed = new Option<int>("--seed") { Description = "Seed for the book and the borrowers' behaviour", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--output") { Description = "Where the report goes", DefaultValueFactory = _ => "artifacts" };
        var command = new Command("demo", "Run a simulated month of reminders on this machine and write a report") { borrowers, days, seed, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SimulationOptions
            {
                Borrowers = parse.GetValue(borrowers),
                Days = parse.GetValue(days),
                Seed = parse.GetValue(seed),
                ArtifactsDirectory = Path.GetFullPath(parse.GetValue(output)!),
            };
            var result = await RunWithProgressAsync(options, cancellationToken);
            SummaryTable.Print(result.Summary);
            AnsiConsole.MarkupLine($"Report written to [bold]{Markup.Escape(result.ReportPath)}[/]");
            return 0;
        });
        return command;
    }

    public static async Task<(DemoSummary Summary, string ReportPath)> RunWithProgressAsync(SimulationOptions options, CancellationToken cancellationToken)
    {
        var book = SimulationRunner.BookFor(options);
        var (pipelineOptions, time) = SimulationRunner.PipelineOptionsFor(options, book);
        DemoSummary? summary = null;
        string? reportPath = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var starting = progress.AddTask("Starting Azurite, the ACS emulator and the local host", maxValue: 1);
                await using var pipeline = await LocalPipeline.StartAsync(pipelineOptions, RepositoryPaths.Root(), cancellationToken);
                starting.Increment(1);
                var simulating = progress.AddTask($"Simulating {options.Days} days for {options.Borrowers:N0} borrowers", maxValue: options.Days);
                var result = await SimulationRunner.RunAsync(pipeline, time, options, book, new Progress<int>(day => simulating.Value = day), cancellationToken);
                simulating.Value = options.Days;
                var reporting = progress.AddTask("Writing the report", maxValue: 1);
                summary = await DemoSummary.CollectAsync(pipeline, result, cancellationToken);
                reportPath = await DemoSummary.WriteAsync(summary, pipeline, options, cancellationToken);
                reporting.Increment(1);
            });
        return (summary!, reportPath!);
    }
}
