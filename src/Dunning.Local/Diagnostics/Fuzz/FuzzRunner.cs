using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Dunning.Core;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Schedules;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Local.Diagnostics.Fuzz;

/// <summary>
/// Feeds mutated schedule and payments CSVs to the ingest handlers and mutated Event Grid bodies to the local
/// host's /api/sms/events over HTTP, and checks: nothing crashes or answers 5xx, rows read = stored + unchanged +
/// rejected, every rejected line is in the errors CSV with a reason, every good row is stored, and the errors CSV
/// has no cell a spreadsheet would run.
/// </summary>
public sealed class FuzzRunner
{
    private const int ScheduleRowsPerFile = 8;
    private const int PaymentRowsPerFile = 6;
    private const int BaseInstallments = 64;
    private const int MaxExamples = 20;

    private readonly FuzzOptions options;
    private readonly Random random;
    private readonly string lenderId = "fuzz-" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> examples = [];
    private readonly Dictionary<string, int> csvMutations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> bodyMutations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> statusCodes = new(StringComparer.Ordinal);
    private LocalPipeline pipeline = null!;
    private int crashes, serverErrors, countMismatches, notReported, withoutReason, unsafeCells, badAccepted, goodRejected, goodMissing, validRefused;
    private int rowsRead, rowsStored, rowsRejected;

    private FuzzRunner(FuzzOptions options)
    {
        this.options = options;
        random = new Random(options.Seed);
    }

    public static async Task<FuzzReport> RunAsync(FuzzOptions options, IProgress<int>? filesDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await new FuzzRunner(options).RunAsync(filesDone, cancellationToken);
    }

    private async Task<FuzzReport> RunAsync(IProgress<int>? filesDone, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var pipelineOptions = new LocalPipelineOptions
        {
            StorageConnectionString = options.StorageConnectionString,
            RunBackgroundLoops = false,
            ConfigureServices = services =>
            {
                DiagnosticsServices.UseFastSending(services);
                DiagnosticsServices.LiftSenderLimits(services, LenderSettings.DefaultFor("fuzz").SenderIds);
            },
        };
        await using (pipeline = await LocalPipeline.StartAsync(pipelineOptions, Cli.RepositoryPaths.Root(), cancellationToken))
        {
            await pipeline.Services.GetRequiredService<ILenderDirectory>()
                .SaveAsync(LenderSettings.DefaultFor(lenderId) with { Brand = "Fuzz", Hotline = "400-820-8820" }, cancellationToken);
            var baseBook = await IngestBaseBookAsync(cancellationToken);
            using var http = new HttpClient { BaseAddress = pipeline.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add("x-functions-key", pipeline.Options.SharedKey);
            for (var file = 0; file < options.Files; file++)
            {
                var kind = file % 3 == 2 ? CsvKind.Payments : CsvKind.Schedule;
                await FuzzCsvAsync(file, kind, baseBook, cancellationToken);
                await FuzzBodyAsync(http, cancellationToken);
                filesDone?.Report(file + 1);
            }
        }

        return new FuzzReport(options.Files, options.Seed, stopwatch.Elapsed.TotalSeconds, rowsRead, rowsStored, rowsRejected,
            Sorted(csvMutations), Sorted(bodyMutations), Sorted(statusCodes),
            new FuzzFindings(crashes, serverErrors, countMismatches, notReported, withoutReason, unsafeCells, badAccepted, goodRejected, goodMissing, validRefused, examples));
    }

    /// <summary>Installments the payments files pay against (one cent at a time, so none is ever paid off).</summary>
    private async Task<List<BookRow>> IngestBaseBookAsync(CancellationToken cancellationToken)
    {
        var rows = Enumerable.Range(0, BaseInstallments).Select(i => Row($"BASE-{i:D4}", i)).ToList();
        var summary = await pipeline.Services.GetRequiredService<IIngestScheduleHandler>()
            .HandleAsync(lenderId, "base.csv", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(BookRow.ToCsv(rows))), cancellationToken);
        if (summary.Stored != rows.Count)
        {
            throw new InvalidOperationException($"The fuzz base book stored {summary.Stored} of {rows.Count} rows: {summary.FileError}");
        }

        return rows;
    }

    private BookRow Row(string loanId, int index)
    {
        var market = DiagnosticMarket.All[index % DiagnosticMarket.All.Count];
        return new BookRow(loanId, 1, "FB" + loanId, market.Language == Languages.Chinese ? "李娜" : "Sam Lee", market.Phone(index),
            market.TimeZone, market.Language, 1000m + index, market.Currency, new DateOnly(2031, 9, 1).AddDays(index % 30));
    }

    private async Task FuzzCsvAsync(int file, CsvKind kind, List<BookRow> baseBook, CancellationToken cancellationToken)
    {
        string[] header;
        List<string[]> rows;
        if (kind == CsvKind.Schedule)
        {
            header = [.. ScheduleColumns.Required];
            rows = [.. Enumerable.Range(0, ScheduleRowsPerFile).Select(i => Fields(Row($"F{file:D5}-{i}", file * ScheduleRowsPerFile + i + BaseInstallments)))];
        }
        else
        {
            header = [.. PaymentColumns.Required];
            rows = [.. Enumerable.Range(0, PaymentRowsPerFile).Select(i =>
            {
                var target = baseBook[random.Next(baseBook.Count)];
                var paidAt = new DateTimeOffset(2031, 8, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds((file * PaymentRowsPerFile) + i);
                return new[] { target.LoanId, "1", "0.01", paidAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
            })];
        }

        var mutated = CsvMutator.Mutate(kind, header, rows, random);
        foreach (var mutation in mutated.Mutations.DefaultIfEmpty("none"))
        {
            csvMutations[mutation] = csvMutations.GetValueOrDefault(mutation) + 1;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"fuzz-{file:D5}.csv");
        var description = $"{kind} {name} ({string.Join(", ", mutated.Mutations)})";
        IngestSummary summary;
        try
        {
            summary = kind == CsvKind.Schedule
                ? await pipeline.Services.GetRequiredService<IIngestScheduleHandler>().HandleAsync(lenderId, name, new MemoryStream(mutated.Content), cancellationToken)
                : await pipeline.Services.GetRequiredService<IIngestPaymentsHandler>().HandleAsync(lenderId, name, new MemoryStream(mutated.Content), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            crashes++;
            Example($"crash: {description}: {e.GetType().Name}: {e.Message}");
            return;
        }

        rowsRead += summary.RowsRead;
        rowsStored += summary.Stored;
        rowsRejected += summary.Rejected;
        if (summary.RowsRead != summary.Stored + summary.Unchanged + summary.Rejected)
        {
            countMismatches++;
            Example($"counts: {description}: read {summary.RowsRead} != stored {summary.Stored} + unchanged {summary.Unchanged} + rejected {summary.Rejected}");
        }

        var report = ErrorsCsv.Parse(await ReadResultAsync(summary.ReportCsvPath!, cancellationToken));
        if (report.Lines.Count != summary.Rejected + summary.Duplicates)
        {
            notReported++;
            Example($"report: {description}: {summary.Rejected} rejected and {summary.Duplicates} duplicates but {report.Lines.Count} lines in the errors CSV");
        }

        withoutReason += report.RowsWithoutReason;
        unsafeCells += report.UnsafeCells.Count;
        foreach (var cell in report.UnsafeCells.Take(2))
        {
            Example($"unsafe cell: {description}: {cell[..Math.Min(cell.Length, 60)]}");
        }

        var foreignDelimiter = mutated.Mutations.Contains("semicolon-separated") ? "semicolons" : mutated.Mutations.Contains("tab-separated") ? "tabs" : null;
        if (foreignDelimiter is not null && summary.FileError?.Contains($"separated by {foreignDelimiter}", StringComparison.Ordinal) != true)
        {
            badAccepted++;
            Example($"delimiter not named: {description}: {summary.FileError ?? "no file error"}");
        }

        if (mutated.Structural || summary.FileError is not null)
        {
            return;
        }

        var duplicateLines = mutated.LinesWhere(LineExpectation.Duplicate);
        var expectedRows = mutated.LinesWhere(LineExpectation.Good).Count + mutated.LinesWhere(LineExpectation.Bad).Count + duplicateLines.Count;
        if (summary.RowsRead != expectedRows)
        {
            countMismatches++;
            Example($"rows: {description}: read {summary.RowsRead}, the file has {expectedRows}");
        }

        foreach (var line in mutated.LinesWhere(LineExpectation.Bad).Concat(duplicateLines).Where(l => !report.Lines.Contains(l)))
        {
            badAccepted++;
            Example($"bad row accepted: {description}: line {line}");
        }

        var goodLines = mutated.LinesWhere(LineExpectation.Good);
        foreach (var line in goodLines.Where(l => report.Lines.Contains(l)))
        {
            goodRejected++;
            Example($"good row rejected: {description}: line {line}");
        }

        if (kind == CsvKind.Schedule)
        {
            await CheckStoredAsync(mutated, rows, description, cancellationToken);
        }
        else if (summary.Stored + summary.Unchanged != goodLines.Count + duplicateLines.Count || summary.Duplicates != duplicateLines.Count)
        {
            goodMissing++;
            Example($"payments not applied once: {description}: {summary.Stored + summary.Unchanged - summary.Duplicates} of {goodLines.Count} applied, {summary.Duplicates} of {duplicateLines.Count} repeats recognised");
        }
    }

    private async Task CheckStoredAsync(MutatedCsv mutated, List<string[]> rows, string description, CancellationToken cancellationToken)
    {
        var store = pipeline.Services.GetRequiredService<IInstallmentStore>();
        var goodLines = mutated.LinesWhere(LineExpectation.Good).ToHashSet();
        var rowIndex = 0;
        for (var line = 2; line <= mutated.Lines.Count; line++)
        {
            var expectation = mutated.Lines[line - 1].Expectation;
            if (expectation == LineExpectation.Blank)
            {
                continue;
            }

            // A duplicate-row line repeats the row before it and is not a row of its own in `rows`.
            var isDuplicate = expectation == LineExpectation.Bad && line > 2 && mutated.Lines[line - 2].Bytes.AsSpan().SequenceEqual(mutated.Lines[line - 1].Bytes);
            if (isDuplicate)
            {
                continue;
            }

            var fields = rows[rowIndex++];
            if (!goodLines.Contains(line))
            {
                continue;
            }

            var stored = await store.GetAsync(new InstallmentKey(lenderId, fields[0], 1), cancellationToken);
            if (stored is null || stored.AmountDue.Amount != decimal.Parse(fields[7], CultureInfo.InvariantCulture))
            {
                goodMissing++;
                Example($"good row not stored: {description}: line {line}");
            }
        }
    }

    private async Task FuzzBodyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var body = EventBodyMutator.Next(random, DateTimeOffset.UtcNow);
        bodyMutations[body.Mutation] = bodyMutations.GetValueOrDefault(body.Mutation) + 1;
        using var content = new ByteArrayContent(body.Content);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
        try
        {
            using var response = await http.PostAsync("api/" + PipelineNames.SmsEventsRoute, content, cancellationToken);
            var status = (int)response.StatusCode;
            statusCodes[status.ToString(CultureInfo.InvariantCulture)] = statusCodes.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) + 1;
            if (status >= 500)
            {
                serverErrors++;
                Example($"5xx: body {body.Mutation} answered {status}");
            }
            else if (body.Valid && status != 200)
            {
                validRefused++;
                Example($"valid body refused: {body.Mutation} answered {status}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        catch (HttpRequestException e)
        {
            crashes++;
            Example($"crash: body {body.Mutation}: {e.Message}");
        }
    }

    private async Task<string> ReadResultAsync(string path, CancellationToken cancellationToken)
    {
        var blobName = path[(PipelineNames.ResultsContainer.Length + 1)..];
        var content = await pipeline.Storage.Container(PipelineNames.ResultsContainer).GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToString();
    }

    private static string[] Fields(BookRow row) =>
    [
        row.LoanId, row.InstallmentNo.ToString(CultureInfo.InvariantCulture), row.BorrowerId, row.Name, row.Phone, row.TimeZone, row.Language,
        row.Amount.ToString("0.00", CultureInfo.InvariantCulture), row.Currency, row.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        row.Consent ? "true" : "false",
    ];

    private void Example(string text)
    {
        if (examples.Count < MaxExamples)
        {
            examples.Add(text);
        }
    }

    private static Dictionary<string, int> Sorted(Dictionary<string, int> counts) =>
        counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
}
