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
        var instances = new Option<int>("--instances") { Description = "Hosts draining the queues at once on one storage account; above 1, one is killed mid-flight", DefaultValueFactory = _ => 1 };
        var senderLimit = new Option<int?>("--sender-limit") { Description = "Each sender's app-wide sends a minute (default: its number type's, 200 for the toll-free senders chaos uses)" };
        var seed = new Option<int>("--seed") { Description = "Seed for the book, the faults and the interference", DefaultValueFactory = _ => 7 };
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (default: start Azurite)" };
        var output = new Option<string>("--output") { Description = "Where the JSON result goes", DefaultValueFactory = _ => RepositoryPaths.Artifacts() };
        var command = new Command("chaos", "Run the pipeline with every fault injected at once and check the invariants") { jobs, instances, senderLimit, seed, storage, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ChaosOptions
            {
                Jobs = parse.GetValue(jobs),
                Seed = parse.GetValue(seed),
                SenderPermitsPerMinute = parse.GetValue(senderLimit) is { } limit and < 1
                    ? throw new CliException("--sender-limit takes a positive number of sends a minute.", "For example: chaos --instances 3 --sender-limit 20.")
                    : parse.GetValue(senderLimit),
                Instances = parse.GetValue(instances) is var count and >= 1 and <= 16
                    ? count
                    : throw new CliException("--instances takes 1 to 16 hosts.", "Three hosts and a kill show what Azure scale-out does: chaos --instances 3."),
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
        var hostsLine = report.Instances == 1 ? "1 host" : $"{report.Instances} hosts";
        var faults = new Table().Title($"Chaos: {report.Jobs:N0} jobs, {report.Borrowers:N0} borrowers, {hostsLine}, seed {report.Seed}, {report.Seconds:N0} s")
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
        if (report.Kill is { } kill)
        {
            faults.AddRow($"Host {kill.Host} killed at {kill.At:HH:mm:ss}Z: sms-outbox messages in hand", $"{kill.MessagesInHand:N0}");
        }
        AnsiConsole.Write(faults);

        var states = new Table().Title("Ledger").AddColumn("State").AddColumn(new TableColumn("Jobs").RightAligned());
        foreach (var (state, count) in report.LedgerStates)
        {
            states.AddRow(state, $"{count:N0}");
        }

        foreach (var (reason, count) in report.EndReasons)
        {
            states.AddRow($"[grey]{Markup.Escape(reason)}[/]", $"{count:N0}");
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
        Row("Sender minutes over the limit + 25% burst", findings.SenderMinutesOverLimit);
        AnsiConsole.Write(invariants);

        var senders = new Table().Title("Senders (busiest clock minute, from the emulator's record)")
            .AddColumn("Sender").AddColumn(new TableColumn("Busiest minute").RightAligned()).AddColumn(new TableColumn("Limit").RightAligned());
        foreach (var peak in report.SenderPeaks)
        {
            senders.AddRow(Markup.Escape(peak.Sender), $"{peak.BusiestMinute:N0}", $"{peak.PermitsPerMinute:N0}");
        }

        AnsiConsole.Write(senders);
        foreach (var example in findings.Examples)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(example)}[/]");
        }
    }
}
