using System.CommandLine;
using System.Globalization;
using Dunning.Local.Diagnostics;
using Dunning.Local.Diagnostics.Bench;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>bench: scan scaling, scan vs raw, end-to-end sends, ingest and the Azure projection, each as a ratio to a raw ceiling.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Small sizes that check the invariants in well under a minute (CI)" };
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (default: start Azurite)" };
        var output = new Option<string>("--output") { Description = "Where the JSON result goes", DefaultValueFactory = _ => RepositoryPaths.Artifacts() };
        var due = new Option<int?>("--due") { Description = "Installments due in today's stages (default 20,000)" };
        var smallBook = new Option<int?>("--small-book") { Description = "Installments in the small book (default 100,000)" };
        var largeBook = new Option<int?>("--large-book") { Description = "Installments in the large book (default 1,000,000)" };
        var sends = new Option<int?>("--sends") { Description = "Reminders personalized and sent (default 2,000)" };
        var ingestRows = new Option<int?>("--ingest-rows") { Description = "Rows in the ingested CSV (default 1,000,000)" };
        var command = new Command("bench", "Measure the pipeline against raw storage ceilings on this machine")
        {
            quick, storage, output, due, smallBook, largeBook, sends, ingestRows,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var isQuick = parse.GetValue(quick);
            var options = isQuick ? BenchOptions.Quick() : new BenchOptions();
            options.DueInstallments = parse.GetValue(due) ?? options.DueInstallments;
            options.SmallBook = parse.GetValue(smallBook) ?? options.SmallBook;
            options.LargeBook = parse.GetValue(largeBook) ?? options.LargeBook;
            options.Sends = parse.GetValue(sends) ?? options.Sends;
            options.IngestRows = parse.GetValue(ingestRows) ?? options.IngestRows;
            options.StorageConnectionString = LocalServices.StorageFrom(parse.GetValue(storage));
            options.ArtifactsDirectory = Path.GetFullPath(parse.GetValue(output)!);
            var report = await AnsiConsole.Status().StartAsync("Starting", async status =>
                await BenchRunner.RunAsync(options, isQuick, new Progress<string>(step => status.Status(Markup.Escape(step))), cancellationToken));
            Print(report);
            var path = await ArtifactFile.WriteAsync(options.ArtifactsDirectory, isQuick ? "bench-quick.json" : "bench.json", report, cancellationToken);
            AnsiConsole.MarkupLine($"Result written to [bold]{Markup.Escape(path)}[/]");
            return report.InvariantsHold ? 0 : 1;
        });
        return command;
    }

    private static void Print(BenchReport report)
    {
        var ratios = new Table().Title($"Bench{(report.Quick ? " --quick (sizes too small for the figures to mean much)" : "")}: {report.Seconds:N0} s")
            .AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned()).AddColumn(new TableColumn("Goal").RightAligned());
        foreach (var ratio in report.Ratios)
        {
            var value = ratio.Value.ToString("N2", CultureInfo.InvariantCulture);
            ratios.AddRow(Markup.Escape(ratio.Name), ratio.MeetsGoal ? $"[green]{value}[/]" : $"[yellow]{value}[/]",
                (ratio.HigherIsBetter ? "≥ " : "≤ ") + ratio.Goal.ToString("N1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(ratios);

        var detail = new Table().Title("Measured").AddColumn("What").AddColumn(new TableColumn("Value").RightAligned());
        var scan = report.Scan;
        detail.AddRow($"scan, {scan.DueInstallments:N0} due in {scan.SmallBook:N0}", $"{scan.ScanSmallSeconds:N2} s (raw {scan.RawSmallSeconds:N2} s)");
        detail.AddRow($"scan, {scan.DueInstallments:N0} due in {scan.LargeBook:N0}", $"{scan.ScanLargeSeconds:N2} s (raw {scan.RawLargeSeconds:N2} s)");
        detail.AddRow("partitions / rows read per scan", $"{scan.PartitionsRead:N0} / {scan.ReadSmall:N0} and {scan.ReadLarge:N0}");
        detail.AddRow($"sends/s ({report.Sends.Messages:N0} reminders, median round)", $"{report.Sends.SendsPerSecond:N1} (raw {report.Sends.RawSendsPerSecond:N1})");
        detail.AddRow(
            "  against the same requests replayed on the rows they touched",
            $"{report.Sends.OwnRowsRatio:N2} (raw {report.Sends.OwnRowsRawSendsPerSecond:N1})");
        foreach (var stage in report.Sends.Stages)
        {
            detail.AddRow("  " + Markup.Escape(stage.Stage), $"{stage.Seconds:N2} s ({stage.Share:P0})");
        }

        detail.AddRow(
            "  rounds: pipeline / scratch replay (s)",
            string.Join(", ", report.Sends.Rounds.Select(r => $"{r.Personalize + r.Send:N2}/{r.ScratchReplay:N2}")));
        var jit = report.Sends.Jit;
        detail.AddRow(
            "  JIT compiling inside the timed window",
            $"pipeline {jit.PipelineSeconds:N2} s, raw replay {jit.RawReplaySeconds:N2} s (after {jit.WarmUpPasses} warm-up passes)");
        detail.AddRow("  storage requests per message", Markup.Escape(string.Join(", ", report.Sends.StorageRequestsPerMessage.Select(r => $"{r.Key} {r.Value:N1}"))));
        detail.AddRow($"ingest rows/s ({report.Ingest.Rows:N0} rows)", $"{report.Ingest.RowsPerSecond:N0} (raw {report.Ingest.RawRowsPerSecond:N0}), peak RSS {report.Ingest.PeakRssMegabytes:N0} MB");
        AnsiConsole.Write(detail);

        var p = report.Projection;
        var projection = new Table().Title($"Azure projection: {p.Reminders:N0} reminders in {p.WindowHours} h = {p.SendsPerSecond:N1}/s")
            .AddColumn("Sender type").AddColumn(new TableColumn("Limit/min").RightAligned()).AddColumn("Scope").AddColumn(new TableColumn("Needed").RightAligned());
        foreach (var row in p.Senders)
        {
            projection.AddRow(Markup.Escape(row.SenderType), double.IsNaN(row.PerSenderPerMinute) ? "-" : $"{row.PerSenderPerMinute:N0}", Markup.Escape(row.Scope), row.SendersNeeded == 0 ? Markup.Escape(row.Note) : $"{row.SendersNeeded:N0}");
        }

        projection.AddRow("instances (at this machine's sends/s)", $"{p.MeasuredSendsPerSecondPerInstance:N1}/s", "per instance", $"{p.InstancesNeeded:N0}");
        projection.AddRow("table requests/s (target 20,000/account)", "", "", $"{p.TableOpsPerSecond:N0}");
        projection.AddRow("queue requests/s (target 2,000/queue)", "", "", $"{p.QueueMessagesPerSecond:N0}");
        projection.AddRow($"segments ({p.SegmentsPerMessage:N2}/message)", "", "", $"{p.Segments:N0} = {p.SegmentCostCny:N0} CNY");
        AnsiConsole.Write(projection);
        foreach (var failure in report.InvariantFailures)
        {
            AnsiConsole.MarkupLine($"[red]invariant: {Markup.Escape(failure)}[/]");
        }
    }
}
