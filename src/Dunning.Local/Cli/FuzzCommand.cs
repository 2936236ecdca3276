using System.CommandLine;
using Dunning.Local.Diagnostics;
using Dunning.Local.Diagnostics.Fuzz;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>fuzz: mutated uploads and Event Grid bodies; exits non-zero on a crash, a 5xx or an unreported row.</summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var files = new Option<int>("--files") { Description = "Mutated CSV files (and as many Event Grid bodies)", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed for the mutations", DefaultValueFactory = _ => 11 };
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (default: start Azurite)" };
        var output = new Option<string>("--output") { Description = "Where the JSON result goes", DefaultValueFactory = _ => RepositoryPaths.Artifacts() };
        var command = new Command("fuzz", "Feed mutated CSVs and Event Grid bodies to the pipeline and check nothing breaks") { files, seed, storage, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new FuzzOptions
            {
                Files = parse.GetValue(files),
                Seed = parse.GetValue(seed),
                StorageConnectionString = LocalServices.StorageFrom(parse.GetValue(storage)),
                ArtifactsDirectory = Path.GetFullPath(parse.GetValue(output)!),
            };
            FuzzReport? report = null;
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Fuzzing", maxValue: options.Files);
                report = await FuzzRunner.RunAsync(options, new Progress<int>(done => task.Value = done), cancellationToken);
            });
            Print(report!);
            var path = await ArtifactFile.WriteAsync(options.ArtifactsDirectory, "fuzz.json", report!, cancellationToken);
            AnsiConsole.MarkupLine($"Result written to [bold]{Markup.Escape(path)}[/]");
            return report!.Passed ? 0 : 1;
        });
        return command;
    }

    private static void Print(FuzzReport report)
    {
        var summary = new Table().Title($"Fuzz: {report.Files:N0} files and bodies, seed {report.Seed}, {report.Seconds:N0} s")
            .AddColumn("Check").AddColumn(new TableColumn("Count").RightAligned());
        summary.AddRow("Rows read / stored / rejected", $"{report.RowsRead:N0} / {report.RowsStored:N0} / {report.RowsRejected:N0}");
        var f = report.Findings;
        void Row(string name, int count) => summary.AddRow(name, count == 0 ? "[green]0[/]" : $"[red]{count:N0}[/]");
        Row("Crashes", f.Crashes);
        Row("HTTP 5xx", f.ServerErrors);
        Row("read != stored + unchanged + rejected", f.CountMismatches);
        Row("Rejected lines missing from the errors CSV", f.RejectedLinesNotReported);
        Row("Errors CSV rows without a reason", f.ReportRowsWithoutReason);
        Row("Errors CSV cells a spreadsheet would run", f.UnsafeCells);
        Row("Bad rows accepted", f.BadRowsAccepted);
        Row("Good rows rejected", f.GoodRowsRejected);
        Row("Good rows not stored", f.GoodRowsNotStored);
        Row("Valid event bodies refused", f.ValidBodiesRefused);
        AnsiConsole.Write(summary);

        var mutations = new Table().Title("Mutations").AddColumn("CSV").AddColumn(new TableColumn("Files").RightAligned());
        foreach (var (name, count) in report.CsvMutations)
        {
            mutations.AddRow(name, $"{count:N0}");
        }

        AnsiConsole.Write(mutations);
        var bodies = new Table().Title("Event Grid bodies").AddColumn("Body").AddColumn(new TableColumn("Posts").RightAligned());
        foreach (var (name, count) in report.BodyMutations)
        {
            bodies.AddRow(name, $"{count:N0}");
        }

        bodies.AddRow("[grey]status codes[/]", Markup.Escape(string.Join(", ", report.StatusCodes.Select(s => $"{s.Key}: {s.Value}"))));
        AnsiConsole.Write(bodies);
        foreach (var example in f.Examples)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(example)}[/]");
        }
    }
}
