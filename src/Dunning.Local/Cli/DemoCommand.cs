using System.CommandLine;
using Dunning.Local.Simulation;

namespace Dunning.Local.Cli;

/// <summary>
/// demo: the README's main command. A shorter simulate: a generated book under Dunning's personalised cadence,
/// a summary on the console and the report under artifacts/.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var borrowers = new Option<int>("--borrowers") { Description = "Accounts in the generated book", DefaultValueFactory = _ => 1000 };
        var days = new Option<int>("--days") { Description = "Simulated days", DefaultValueFactory = _ => 45 };
        var seed = new Option<int>("--seed") { Description = "Seed for the book and the borrowers' behaviour", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--output") { Description = "Where report.html and report.json go", DefaultValueFactory = _ => RepositoryPaths.Artifacts() };
        var serve = new Option<bool>("--serve") { Description = "Keep serving afterwards and open the staff console on the demo's data (prints its URL, the lender id and a key)" };
        var command = new Command("demo", "Run a simulated month and a half of reminders on this machine and write the report") { borrowers, days, seed, output, serve };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SimulationOptions
            {
                Borrowers = parse.GetValue(borrowers),
                Days = parse.GetValue(days),
                Seed = parse.GetValue(seed),
                // The demo shows Dunning's own cadence end to end; comparing policies is what simulate is for.
                Policies = [SimulationPolicy.Personalised],
                ArtifactsDirectory = Path.GetFullPath(parse.GetValue(output)!),
            };
            if (!parse.GetValue(serve))
            {
                await SimulationProgress.RunAsync(options, cancellationToken);
                return 0;
            }

            // One Azurite for the simulation and the host that serves the console afterwards.
            await using var azurite = await Storage.Emulator.AzuriteProcess.StartAsync(RepositoryPaths.Root(), cancellationToken);
            await SimulationProgress.RunAsync(options, cancellationToken, azurite.ConnectionString);
            await DemoConsole.ServeAsync(azurite.ConnectionString, options.Start.AddDays(options.Days), cancellationToken);
            return 0;
        });
        return command;
    }
}
