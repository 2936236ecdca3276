using Dunning.Local.Simulation;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>Runs a simulation under a Spectre progress display; shared by simulate and demo.</summary>
internal static class SimulationProgress
{
    public static async Task<SimulationRunOutput> RunAsync(SimulationOptions options, CancellationToken cancellationToken, string? storageConnectionString = null)
    {
        SimulationRunOutput? output = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                ProgressTask? current = null;
                var policies = string.Join(", ", options.Policies.Select(SimulationPolicies.Slug));
                void Step(string step)
                {
                    current?.StopTask();
                    current = step switch
                    {
                        "simulate" => progress.AddTask($"Simulating {options.Days} days × {options.Policies.Distinct().Count()} policies ({policies})", maxValue: options.Days * options.Policies.Distinct().Count()),
                        _ => progress.AddTask("Writing the report", maxValue: 1),
                    };
                }

                output = await SimulationSession.RunAsync(options, RepositoryPaths.Root(), storageConnectionString, stepStarted: Step,
                    dayDone: new Progress<int>(day => { if (current is not null) { current.Value = day; } }), cancellationToken: cancellationToken);
                current?.StopTask();
            });
        SummaryTable.Print(output!.Report);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(output.Result.Timings.ToString())}[/]");
        AnsiConsole.MarkupLine($"Report written to [bold]{Markup.Escape(output.HtmlPath ?? "")}[/] and [bold]{Markup.Escape(output.JsonPath ?? "")}[/]");
        return output;
    }
}
