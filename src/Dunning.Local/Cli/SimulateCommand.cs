using System.CommandLine;
using System.Globalization;
using Dunning.Core.Experiments;
using Dunning.Local.Simulation;

namespace Dunning.Local.Cli;

/// <summary>
/// simulate: the real pipeline on a virtual clock over N days for a generated or uploaded book, comparing
/// policies on the same population and seed, and writing report.html and report.json.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var borrowers = new Option<int>("--borrowers") { Description = "Accounts in the generated book", DefaultValueFactory = _ => 10_000 };
        var days = new Option<int>("--days") { Description = "Simulated days", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Seed for the book and the borrowers' behaviour", DefaultValueFactory = _ => 42 };
        var start = new Option<string?>("--start") { Description = "First simulated day (yyyy-MM-dd, UTC midnight); default 2026-12-01, or 8 days before the book's first due date" };
        var zones = new Option<string?>("--time-zones") { Description = "Comma-separated IANA zones for the generated book (default: Asia/Shanghai, Asia/Hong_Kong, America/New_York, Europe/London)" };
        var segments = new Option<string?>("--segments") { Description = "Comma-separated segments, drawn evenly (default: low 55%, medium 30%, high 15%)" };
        var languages = new Option<string?>("--languages") { Description = "Comma-separated languages (zh-CN, en); default follows each market" };
        var model = new Option<string?>("--model") { Description = "Behaviour model JSON (see docs/behaviour-model.json)" };
        var experiments = new Option<string?>("--experiments") { Description = "Experiment definitions JSON (an array); default: the sample T0 wording and T-3 send-hour experiments" };
        var bookFile = new Option<string?>("--book") { Description = "A lender's schedule CSV to simulate instead of a generated book" };
        var policies = new Option<string?>("--policies") { Description = "Comma-separated policies: none, fixed, dunning, experiments (default: all four)" };
        var quick = new Option<bool>("--quick") { Description = "A small run: 300 accounts, 14 days" };
        var output = new Option<string>("--output") { Description = "Where report.html and report.json go", DefaultValueFactory = _ => RepositoryPaths.Artifacts() };
        var command = new Command("simulate", "Time-travel simulation of the real pipeline: compare policies and experiments, write the report")
        {
            borrowers, days, seed, start, zones, segments, languages, model, experiments, bookFile, policies, quick, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var csv = parse.GetValue(bookFile) is { } path ? await File.ReadAllTextAsync(path, cancellationToken) : null;
            var options = new SimulationOptions
            {
                Borrowers = parse.GetValue(quick) ? 300 : parse.GetValue(borrowers),
                Days = parse.GetValue(quick) ? 14 : parse.GetValue(days),
                Seed = parse.GetValue(seed),
                BookCsv = csv,
                Model = parse.GetValue(model) is { } modelPath ? BehaviourModel.Load(modelPath) : BehaviourModel.Default,
                Shape = new BookShape { TimeZones = List(parse.GetValue(zones)), Segments = List(parse.GetValue(segments)), Languages = List(parse.GetValue(languages)) },
                Policies = parse.GetValue(policies) is { } names ? [.. List(names).Select(SimulationPolicies.Parse)] : SimulationPolicies.All,
                ArtifactsDirectory = Path.GetFullPath(parse.GetValue(output)!),
            };
            if (parse.GetValue(experiments) is { } experimentsPath)
            {
                options = options with
                {
                    Experiments = System.Text.Json.JsonSerializer.Deserialize<List<ExperimentDefinition>>(
                        await File.ReadAllTextAsync(experimentsPath, cancellationToken), BehaviourModel.JsonOptions) ?? [],
                };
            }

            options = options with { Start = StartFor(parse.GetValue(start), options) };
            await SimulationProgress.RunAsync(options, cancellationToken);
            return 0;
        });
        return command;
    }

    private static DateTimeOffset StartFor(string? text, SimulationOptions options)
    {
        if (text is not null)
        {
            var date = DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (options.BookCsv is { } csv && UploadedBook.Read(csv) is { Count: > 0 } book)
        {
            var first = book.Min(b => b.DueDate).AddDays(-8);
            return new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return options.Start;
    }

    private static IReadOnlyList<string> List(string? text) =>
        text is null ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
