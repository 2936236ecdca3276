using System.CommandLine;
using Dunning.Local.Diagnostics;
using Dunning.Local.Diagnostics.Chaos;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>chaos: the pipeline under every fault at once; exits non-zero when a borrower-facing invariant breaks.</summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var jobs = new Option<int>("--jobs") { Description = "Reminder jobs in the run", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Seed for the book, the faults and the interference", DefaultValueFactory = _ => 7 };
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (default: start Azurite)" };
        var output = new Option<string>("--output") { Description = "Where the JSON result goes", DefaultValueFactory = _ => RepositoryPaths.Artifacts() };
        var command = new Command("chaos", "Run the pipeline with every fault injected at once and check the invariants") { jobs, seed, storage, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ChaosOptions
            {
                Jobs = parse.GetValue(jobs),
                Seed = parse.GetValue(seed),
                StorageConnectionString = LocalServices.StorageFrom(parse.GetValue(storage)),
                ArtifactsDirectory = Path.GetFullPath(parse.GetValue(output)!),
            };
            var report = await AnsiConsole.Status().StartAsync("Starting", async status =>
                await ChaosRunner.RunAsync(options, new Progress<string>(step => status.Status(Markup.Escape(step))), cancellationToken));
            Print(report);
            var path = await ArtifactFile.WriteAsync(options.ArtifactsDirectory, "chaos.json", report, cancellationToken);
            AnsiConsole.MarkupLine($"Result written to [bold]{Markup.Escape(path)}[/]");
            return report.Passed ? 0 : 1;
        });
        return command;
    }

    private static void Print(ChaosReport report)
    {
        var faults = new Table().Title($"Chaos: {report.Jobs:N0} jobs, {report.Borrowers:N0} borrowers, seed {report.Seed}, {report.Seconds:N0} s")
            .AddColumn("Injected").AddColumn(new TableColumn("Count").RightAligned());
        faults.AddRow("ACS 429 with Retry-After", $"{report.Faults.Throttled:N0}");
        faults.AddRow("ACS 500/503", $"{report.Faults.ServerErrors:N0}");
        faults.AddRow("ACS accepted, answer lost", $"{report.Faults.LostResponses:N0}");
        faults.AddRow("Crash between ledger write and send", $"{report.Faults.Crashes:N0}");
        faults.AddRow("Outbox messages enqueued twice", $"{report.Faults.OutboxDuplicates:N0}");
        faults.AddRow("Deliveries of each Event Grid event", $"{report.Faults.EventDeliveries}");
        faults.AddRow("STOP replies while jobs waited", $"{report.OptOuts:N0}");
        faults.AddRow("Payments while jobs waited", $"{report.Payments:N0}");
        faults.AddRow("Poisoned (outbox / reminder-jobs)", $"{report.Faults.OutboxPoisoned:N0} / {report.Faults.ReminderPoisoned:N0}");
        AnsiConsole.Write(faults);

        var states = new Table().Title("Ledger").AddColumn("State").AddColumn(new TableColumn("Jobs").RightAligned());
        foreach (var (state, count) in report.LedgerStates)
        {
            states.AddRow(state, $"{count:N0}");
        }

        states.AddRow("[grey]messages accepted by ACS[/]", $"{report.MessagesAccepted:N0}");
        AnsiConsole.Write(states);

        var findings = report.Findings;
        var invariants = new Table().Title("Invariants (from the emulator's record and the ledger)")
            .AddColumn("Breach").AddColumn(new TableColumn("Count").RightAligned());
        void Row(string name, int count) => invariants.AddRow(name, count == 0 ? "[green]0[/]" : $"[red]{count:N0}[/]");
        Row("Duplicates delivered to a borrower", findings.DuplicatesDelivered);
        Row("Jobs lost", findings.JobsLost);
        Row("Sent after opt-out", findings.SentAfterOptOut);
        Row("Sent after payment", findings.SentAfterPayment);
        Row("Sent in quiet hours", findings.SentInQuietHours);
        Row("Over the daily cap", findings.OverDailyCap);
        Row("Over the 7-day cap", findings.OverWeeklyCap);
        AnsiConsole.Write(invariants);
        foreach (var example in findings.Examples)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(example)}[/]");
        }
    }
}
