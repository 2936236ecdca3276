using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Dunning.Core;
using Dunning.Core.Installments;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Local.Diagnostics.Bench;

/// <summary>
/// The benchmark: every figure is divided by a raw ceiling measured in the same run on the same Azurite, so a
/// slow or busy machine moves both sides. Checks its invariants (the scan found exactly the due rows, every send
/// reached ACS once, every ingested row was stored) whatever the sizes.
/// </summary>
public sealed class BenchRunner
{
    private const string Zone = "Asia/Shanghai";
    private const int RawParallelism = 8;
    private const int WarmUpSends = 200;
    private const int MaxWarmUpPasses = 12;
    private const double QuietJitSecondsPerPass = 0.2;
    private static readonly TimeSpan TieringDelay = TimeSpan.FromMilliseconds(300);
    private const int Rounds = 3;
    private static readonly string[] SenderIds = ["+18005550180", "+18005550181", "+18005550182", "+18005550183"];

    private readonly BenchOptions options;
    private readonly bool quick;
    private readonly IProgress<string>? progress;
    private readonly FakeTimeProvider time;
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> failures = [];
    private LocalPipeline pipeline = null!;

    private BenchRunner(BenchOptions options, bool quick, IProgress<string>? progress)
    {
        this.options = options;
        this.quick = quick;
        this.progress = progress;
        time = new FakeTimeProvider(options.Now);
    }

    public static async Task<BenchReport> RunAsync(BenchOptions options, bool quick, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await new BenchRunner(options, quick, progress).RunAsync(cancellationToken);
    }

    private async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var pipelineOptions = new LocalPipelineOptions
        {
            StorageConnectionString = options.StorageConnectionString,
            Time = time,
            RunBackgroundLoops = false,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(5),
            ConfigureEmulator = emulator => emulator.DeliveryReportDelay = TimeSpan.FromSeconds(30),
            ConfigureServices = services =>
            {
                DiagnosticsServices.UseFastSending(services);
                DiagnosticsServices.LiftSenderLimits(services, SenderIds);
            },
        };
        progress?.Report("Starting Azurite, the ACS emulator and the local host");
        await using (pipeline = await LocalPipeline.StartAsync(pipelineOptions, Cli.RepositoryPaths.Root(), cancellationToken))
        {
            await ClearQueuesAsync(cancellationToken);
            var scan = await ScanScalingAsync(cancellationToken);
            var sends = await SendsAsync(cancellationToken);
            var ingest = await IngestAsync(cancellationToken);
            var ratios = Ratios(scan, sends, ingest);
            var projection = BenchProjection.For(sends);
            return new BenchReport(quick, stopwatch.Elapsed.TotalSeconds, scan, sends, ingest, ratios, projection, failures);
        }
    }

    // ---- Scan scaling -------------------------------------------------------------------------------------

    private async Task<ScanBench> ScanScalingAsync(CancellationToken cancellationToken)
    {
        var lender = LenderSettings.DefaultFor($"bench-scan-{runId}");
        await pipeline.Services.GetRequiredService<ILenderDirectory>().SaveAsync(lender, cancellationToken);
        var partitions = pipeline.Services.GetRequiredService<InstallmentPartitions>();
        var raw = new RawInstallments(pipeline.Storage, partitions);
        var offsets = lender.Stages.Select(Stage.Parse).Where(s => s.IsCollection).Select(s => s.OffsetDays).ToList();
        var today = ScanDueInstallmentsHandler.LocalDate(options.Now, Zone);
        var due = Enumerable.Range(0, options.DueInstallments)
            .Select(i => Installment(lender.LenderId, $"D{i:D7}", today.AddDays(-offsets[i % offsets.Count])))
            .ToList();

        progress?.Report($"Loading {options.SmallBook:N0} installments ({options.DueInstallments:N0} due today)");
        await raw.UpsertAsync(due, withIndex: true, RawParallelism, cancellationToken);
        await LoadFillerAsync(raw, lender.LenderId, 0, options.SmallBook - options.DueInstallments, today, cancellationToken);

        var dueDates = ScanDueInstallmentsHandler.DueDatesToRead(options.Now, offsets);
        var partitionKeys = dueDates.Select(d => partitions.PartitionsOf(d).ToList()).ToList();
        var rawSmall = await RawScanAsync(partitionKeys, cancellationToken);
        var small = await TimedScanAsync(cancellationToken);

        progress?.Report($"Growing the book to {options.LargeBook:N0} installments");
        await raw.UpsertAsync(due, withIndex: false, RawParallelism, cancellationToken); // forget the stages the first scan recorded
        await LoadFillerAsync(raw, lender.LenderId, options.SmallBook - options.DueInstallments, options.LargeBook - options.SmallBook, today, cancellationToken);
        var rawLarge = await RawScanAsync(partitionKeys, cancellationToken);
        var large = await TimedScanAsync(cancellationToken);

        Require(small.Summary.JobsEnqueued == options.DueInstallments, $"scan of the small book enqueued {small.Summary.JobsEnqueued} jobs for {options.DueInstallments} due installments");
        Require(large.Summary.JobsEnqueued == options.DueInstallments, $"scan of the large book enqueued {large.Summary.JobsEnqueued} jobs for {options.DueInstallments} due installments");
        Require(small.Summary.InstallmentsRead == large.Summary.InstallmentsRead, $"the scan read {small.Summary.InstallmentsRead} rows in the small book and {large.Summary.InstallmentsRead} in the large one");
        return new ScanBench(options.DueInstallments, options.SmallBook, options.LargeBook, small.Seconds, large.Seconds, rawSmall, rawLarge,
            partitionKeys.Sum(p => p.Count), small.Summary.InstallmentsRead, large.Summary.InstallmentsRead, small.Summary.JobsEnqueued, large.Summary.JobsEnqueued);
    }

    private static Installment Installment(string lenderId, string loanId, DateOnly dueDate) => new()
    {
        LenderId = lenderId,
        LoanId = loanId,
        InstallmentNo = 1,
        BorrowerId = "B" + loanId,
        AmountDue = Money.Of(1200.50m, "CNY"),
        DueDate = dueDate,
        Consent = true,
        TimeZone = Zone,
    };

    /// <summary>The rest of the book: due 60 to 425 days from now, in partitions no scan of today touches.</summary>
    private async Task LoadFillerAsync(RawInstallments raw, string lenderId, int from, int count, DateOnly today, CancellationToken cancellationToken)
    {
        const int Chunk = 20_000;
        for (var start = 0; start < count; start += Chunk)
        {
            var chunk = Enumerable.Range(from + start, Math.Min(Chunk, count - start))
                .Select(i => Installment(lenderId, $"F{i:D7}", today.AddDays(60 + (i % 365))))
                .ToList();
            await raw.UpsertAsync(chunk, withIndex: false, RawParallelism, cancellationToken);
        }
    }

    private async Task<(ScanSummary Summary, double Seconds)> TimedScanAsync(CancellationToken cancellationToken)
    {
        await pipeline.Storage.Queue(PipelineNames.ReminderJobsQueue).ClearMessagesAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var summary = await pipeline.ScanAsync(cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await pipeline.Storage.Queue(PipelineNames.ReminderJobsQueue).ClearMessagesAsync(cancellationToken);
        return (summary, seconds);
    }

    /// <summary>
    /// What the scan does for the same rows, with nothing of ours in between: the same partition queries (a date's
    /// shards together), a queue message per 32 rows, and one entity write per row (the scan records each stage).
    /// </summary>
    private async Task<double> RawScanAsync(IReadOnlyList<List<string>> partitionsByDate, CancellationToken cancellationToken)
    {
        var table = pipeline.Storage.Table(PipelineNames.InstallmentsTable);
        var queue = pipeline.Storage.Queue("bench-raw-scan");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var started = Stopwatch.GetTimestamp();
        foreach (var partitionKeys in partitionsByDate)
        {
            var pages = partitionKeys.Select(async pk =>
            {
                var rows = new List<TableEntity>();
                await foreach (var row in table.QueryAsync<TableEntity>(filter: $"PartitionKey eq '{pk}'", cancellationToken: cancellationToken))
                {
                    rows.Add(row);
                }

                return rows;
            }).ToList();
            foreach (var chunk in (await Task.WhenAll(pages)).SelectMany(r => r).Chunk(PipelineNames.JobsPerMessage))
            {
                await queue.SendMessageAsync(string.Join(',', chunk.Select(r => r.RowKey)), cancellationToken);
                await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                    async (row, ct) => await table.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace, ct));
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await queue.DeleteAsync(cancellationToken);
        return seconds;
    }

    // ---- End-to-end sends ---------------------------------------------------------------------------------

    private async Task<SendBench> SendsAsync(CancellationToken cancellationToken)
    {
        var ownRows = new OwnRowsReplay(pipeline.Storage, runId, RawParallelism);
        var warmUpPasses = await WarmUpAsync(ownRows, cancellationToken);

        // Each round times the pipeline on a book of its own and then replays that round's requests raw, so a pipeline
        // run and its ceiling see the same Azurite (its memory and garbage collector drift over a run). A round lasts
        // a second or two, where one pause of Azurite's collector shows: the median round keeps one pause from
        // deciding the figure, on either side.
        var rounds = new List<SendRound>(Rounds);
        for (var round = 1; round <= Rounds; round++)
        {
            progress?.Report($"Personalizing and sending {options.Sends:N0} reminders (round {round} of {Rounds}), then replaying their storage requests raw");
            var run = await SendBookAsync($"send{round}", options.Sends, 5_000_000 + (round * options.Sends), cancellationToken);
            var delivered = pipeline.Emulator!.Delivered.Where(d => d.Tag?.StartsWith(run.LenderId + ":", StringComparison.Ordinal) == true).ToList();
            var distinct = delivered.Select(d => d.Tag).Distinct(StringComparer.Ordinal).Count();
            Require(delivered.Count == options.Sends && distinct == options.Sends, $"round {round}: {delivered.Count} messages with {distinct} distinct jobs reached ACS for {options.Sends} reminders");

            var rawJit = JitSeconds();
            var ownRowSeconds = await ownRows.RunAsync(run.Log, round, cancellationToken);
            var scratchSeconds = await RawReplayAsync(run.Requests, round, cancellationToken);
            rounds.Add(new SendRound(run, delivered, distinct, ownRowSeconds, scratchSeconds, JitSeconds() - rawJit));
        }

        var median = rounds.OrderBy(r => r.ScratchRatio).ElementAt(Rounds / 2);
        var (personalize, send, reports) = (median.Run.Personalize, median.Run.Send, median.Run.Reports);
        var total = personalize + send + reports;
        var requests = rounds.SelectMany(r => r.Run.EndToEnd).GroupBy(r => r.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Round((double)g.Sum(r => r.Value) / (options.Sends * Rounds), 2), StringComparer.Ordinal);
        return new SendBench(
            options.Sends,
            median.Delivered.Count,
            median.Distinct,
            options.Sends / median.PipelineSeconds,
            options.Sends / median.ScratchSeconds,
            options.Sends / median.OwnRowSeconds,
            median.ScratchRatio,
            Median(rounds.Select(r => r.OwnRowSeconds / r.PipelineSeconds)),
            median.Delivered.Count == 0 ? 0 : median.Delivered.Average(d => Core.Messaging.SmsSegments.Measure(d.Text).Segments),
            [new("personalize (reminder-jobs)", personalize, personalize / total), new("send (sms-outbox + ACS)", send, send / total), new("delivery reports (Event Grid webhook)", reports, reports / total)],
            requests,
            (double)rounds.Sum(r => r.Run.EndToEnd.Values.Sum()) / (options.Sends * Rounds),
            new JitWarmth(warmUpPasses, Median(rounds.Select(r => r.Run.JitSeconds)), Median(rounds.Select(r => r.RawJitSeconds))),
            [.. rounds.Select(r => new SendRoundSeconds(r.Run.Personalize, r.Run.Send, r.ScratchSeconds, r.OwnRowSeconds))]);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed record SendRound(SendRun Run, IReadOnlyList<AcsEmulator.DeliveredSms> Delivered, int Distinct, double OwnRowSeconds, double ScratchSeconds, double RawJitSeconds)
    {
        public double PipelineSeconds => Run.Personalize + Run.Send;

        public double ScratchRatio => ScratchSeconds / PipelineSeconds;
    }

    /// <summary>
    /// Untimed passes of the same path on small books of their own, each followed by both raw replays, until a pass
    /// compiles almost nothing. Tiered compilation recompiles a method at a higher tier only after many calls, so one
    /// short pass left much of the send path to be recompiled inside the timed window: JIT compiling took up to half
    /// of the pipeline's CPU there and moved the ratio between 0.4 and 0.9 from run to run.
    /// </summary>
    private async Task<int> WarmUpAsync(OwnRowsReplay ownRows, CancellationToken cancellationToken)
    {
        var pass = 0;
        double compiling;
        do
        {
            progress?.Report($"Warming up the send path (pass {pass + 1})");
            var before = JitSeconds();
            var warmUp = await SendBookAsync($"warm{pass}", WarmUpSends, 4_000_000 + (pass * WarmUpSends), cancellationToken);
            await RawReplayAsync(warmUp.Requests, 0, cancellationToken);
            await ownRows.RunAsync(warmUp.Log, 0, cancellationToken);

            // Higher-tier compiles run on a background thread after a short delay; they get room here, outside any timing.
            await Task.Delay(TieringDelay, cancellationToken);
            compiling = JitSeconds() - before;
            pass++;
        }
        while (pass < MaxWarmUpPasses && compiling > QuietJitSecondsPerPass);

        return pass;
    }

    private static double JitSeconds() => System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;

    /// <summary>A lender with <paramref name="count"/> reminders due at T-3, scanned, personalized, sent and reported, each step timed.</summary>
    private async Task<SendRun> SendBookAsync(string name, int count, int firstPhone, CancellationToken cancellationToken)
    {
        var lender = LenderSettings.DefaultFor($"bench-{name}-{runId}") with { Brand = "Bench", Hotline = "400-820-8820", SenderIds = SenderIds };
        await pipeline.Services.GetRequiredService<ILenderDirectory>().SaveAsync(lender, cancellationToken);
        var dueDate = ScanDueInstallmentsHandler.LocalDate(time.GetUtcNow(), Zone).AddDays(3);
        var rows = Enumerable.Range(0, count).Select(i => new BookRow(
            $"S{i:D6}", 1, $"SB{i:D6}", "王芳", DiagnosticMarket.Shanghai.Phone(firstPhone + i), Zone, Languages.Chinese, 880.00m + i, "CNY", dueDate)).ToList();
        var ingested = await pipeline.Services.GetRequiredService<IIngestScheduleHandler>()
            .HandleAsync(lender.LenderId, $"{name}.csv", new MemoryStream(Encoding.UTF8.GetBytes(BookRow.ToCsv(rows))), cancellationToken);
        Require(ingested.Stored == rows.Count, $"the {name} book stored {ingested.Stored} of {rows.Count} rows");

        await pipeline.ScanAsync(cancellationToken);
        using var counter = new StorageRequestCounter(pipeline.Storage.Tables.Uri, pipeline.Storage.Queues.Uri, pipeline.Storage.Blobs.Uri);
        var jit = JitSeconds();
        var personalize = await TimeAsync(() => pipeline.ReminderPump.DrainAsync(cancellationToken));
        var send = await TimeAsync(() => DrainOutboxAsync(cancellationToken));
        jit = JitSeconds() - jit;
        var requests = counter.Snapshot();
        var log = counter.Requests();
        time.Advance(TimeSpan.FromMinutes(1));
        var reports = await TimeAsync(() => pipeline.Emulator!.FlushDueReportsAsync(cancellationToken));
        return new SendRun(lender.LenderId, personalize, send, reports, requests, log, counter.Snapshot(), jit);
    }

    private sealed record SendRun(
        string LenderId,
        double Personalize,
        double Send,
        double Reports,
        IReadOnlyDictionary<string, int> Requests,
        IReadOnlyList<StorageRequest> Log,
        IReadOnlyDictionary<string, int> EndToEnd,
        double JitSeconds);

    private async Task<int> DrainOutboxAsync(CancellationToken cancellationToken)
    {
        var outbox = pipeline.Storage.Queue(PipelineNames.SmsOutboxQueue);
        var total = 0;
        while (true)
        {
            total += await pipeline.OutboxPump.DrainAsync(cancellationToken);
            if (await QueueDepth.ApproximateAsync(outbox, cancellationToken) == 0)
            {
                return total;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>
    /// The storage requests personalize and send made, by kind, replayed with the same parallelism against one-property
    /// rows of a scratch table: the ceiling the end-to-end figure is divided by. The replay on the pipeline's own rows
    /// (<see cref="OwnRowsReplay"/>) is printed beside it; it is the slower of the two, so this one is the stricter.
    /// </summary>
    /// <param name="round">Names this replay's scratch table and queue: Azure keeps a deleted name for a while.</param>
    private async Task<double> RawReplayAsync(IReadOnlyDictionary<string, int> requests, int round, CancellationToken cancellationToken)
    {
        var table = pipeline.Storage.Table($"BenchRaw{runId}r{round}");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var queue = pipeline.Storage.Queue($"bench-raw-{runId}-{round}");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = pipeline.Storage.Container(PipelineNames.ConfigContainer).GetBlobClient($"bench-{runId}.txt");
        await blob.UploadAsync(BinaryData.FromString("raw"), overwrite: true, cancellationToken);
        for (var i = 0; i < 100; i++)
        {
            await table.UpsertEntityAsync(new TableEntity("raw", $"r{i:D3}") { ["Value"] = "x" }, cancellationToken: cancellationToken);
        }

        var operations = requests.SelectMany(r => Enumerable.Repeat(r.Key, r.Value)).ToList();
        var shuffle = new Random(1);
        operations = [.. operations.OrderBy(_ => shuffle.Next())];
        var scratchQueue = new ScratchQueue(queue);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(operations.Select((op, i) => (op, i)), new ParallelOptions { MaxDegreeOfParallelism = RawParallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var key = $"r{item.i % 100:D3}";
                switch (item.op)
                {
                    case "table GET":
                        await table.GetEntityIfExistsAsync<TableEntity>("raw", key, cancellationToken: ct);
                        break;
                    case "table POST":
                        await table.AddEntityAsync(new TableEntity("raw-new", Guid.NewGuid().ToString("N")) { ["Value"] = "x" }, ct);
                        break;
                    case "table PUT" or "table MERGE" or "table PATCH":
                        await table.UpsertEntityAsync(new TableEntity("raw", key) { ["Value"] = "y" }, TableUpdateMode.Replace, ct);
                        break;
                    case "queue POST" or "queue GET" or "queue DELETE":
                        await scratchQueue.ReplayAsync(item.op["queue ".Length..], ct);
                        break;
                    case "blob GET":
                        await blob.DownloadContentAsync(ct);
                        break;
                }
            });
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await queue.DeleteAsync(cancellationToken);
        await table.DeleteAsync(cancellationToken);
        return seconds;
    }

    // ---- Ingest -------------------------------------------------------------------------------------------

    private async Task<IngestBench> IngestAsync(CancellationToken cancellationToken)
    {
        var lenderId = $"bench-ingest-{runId}";
        await pipeline.Services.GetRequiredService<ILenderDirectory>().SaveAsync(LenderSettings.DefaultFor(lenderId), cancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"dunning-bench-{runId}.csv");
        try
        {
            progress?.Report($"Writing a {options.IngestRows:N0}-row schedule");
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
            {
                await writer.WriteAsync(BookRow.Header);
                for (var i = 0; i < options.IngestRows; i++)
                {
                    await writer.WriteAsync(IngestRow(i).ToCsvLine());
                }
            }

            progress?.Report($"Ingesting {options.IngestRows:N0} rows");
            GC.Collect();
            PeakMemory.Reset();
            var started = Stopwatch.GetTimestamp();
            IngestSummary summary;
            await using (var file = File.OpenRead(path))
            {
                summary = await pipeline.Services.GetRequiredService<IIngestScheduleHandler>().HandleAsync(lenderId, "bench.csv", file, cancellationToken);
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var peak = PeakMemory.Megabytes();
            Require(summary.Stored == options.IngestRows && summary.Rejected == 0, $"ingest stored {summary.Stored} and rejected {summary.Rejected} of {options.IngestRows} rows");

            progress?.Report("Upserting the same installments, index rows, borrowers and phone rows raw");
            var raw = new RawInstallments(pipeline.Storage, pipeline.Services.GetRequiredService<InstallmentPartitions>());
            var rawLender = $"{lenderId}-raw";
            var rawSeconds = 0.0;
            for (var start = 0; start < options.IngestRows; start += 10_000)
            {
                var rows = Enumerable.Range(start, Math.Min(10_000, options.IngestRows - start)).Select(IngestRow).ToList();
                var chunk = rows.Select(row => Installment(rawLender, row.LoanId, row.DueDate) with { BorrowerId = row.BorrowerId, AmountDue = Money.Of(row.Amount, row.Currency) }).ToList();
                var borrowerRows = rows.SelectMany(row => RawInstallments.BorrowerEntities(rawLender, row)).ToList();
                var chunkStarted = Stopwatch.GetTimestamp();
                await raw.UpsertAsync(chunk, withIndex: true, parallelism: 4, cancellationToken, borrowerRows);
                rawSeconds += Stopwatch.GetElapsedTime(chunkStarted).TotalSeconds;
            }

            return new IngestBench(options.IngestRows, summary.Stored, options.IngestRows / seconds, options.IngestRows / rawSeconds, peak);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static BookRow IngestRow(int i) => new(
        string.Create(CultureInfo.InvariantCulture, $"I{i:D8}"), 1, string.Create(CultureInfo.InvariantCulture, $"IB{i:D8}"), "陈静",
        "+86139" + i.ToString("D8", CultureInfo.InvariantCulture), Zone, Languages.Chinese, 500m + (i % 1000), "CNY",
        new DateOnly(2032, 1, 1).AddDays(i % 300));

    // ---- Figures ------------------------------------------------------------------------------------------

    private static List<BenchRatio> Ratios(ScanBench scan, SendBench sends, IngestBench ingest) =>
    [
        new("scan time, large book / small book", scan.ScanLargeSeconds / scan.ScanSmallSeconds, 1.1, false,
            "the same due rows scanned inside a 10x larger book; 1.0 = cost follows due items only"),
        new("scan time normalised by raw queries (large/small)", (scan.ScanLargeSeconds / scan.RawLargeSeconds) / (scan.ScanSmallSeconds / scan.RawSmallSeconds), 1.1, false,
            "the same ratio after dividing out what the storage itself costs per query at each book size"),
        new("scan + enqueue / raw queries + sends + writes (small book)", scan.ScanSmallSeconds / scan.RawSmallSeconds, 1.3, false,
            "our scan against the bare storage operations for the same rows"),
        new("scan + enqueue / raw queries + sends + writes (large book)", scan.ScanLargeSeconds / scan.RawLargeSeconds, 1.3, false,
            "the same at the large book size"),
        new("storage requests per message (personalize + send + delivery report)", sends.RequestsPerMessage, 12, false,
            "every table, queue and blob request between a reminder-jobs message and its delivery report, per reminder"),
        new("end-to-end sends/s / raw storage-operation ceiling", sends.EndToEndRatio, 0.8, true,
            "personalize + send (with the ACS call) against the same number of storage requests of each kind replayed bare; the median of three rounds"),
        new("ingest rows/s / raw batch upsert rows/s", ingest.RowsPerSecond / ingest.RawRowsPerSecond, 0.8, true,
            "streamed CSV ingest (validation, reads, borrowers, installments) against upserting the same rows raw"),
        new("ingest peak RSS (MB)", ingest.PeakRssMegabytes, 300, false, "the process's peak resident memory while ingesting"),
    ];

    private void Require(bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private async Task ClearQueuesAsync(CancellationToken cancellationToken)
    {
        foreach (var name in PipelineNames.AllQueues)
        {
            await pipeline.Storage.Queue(name).ClearMessagesAsync(cancellationToken);
        }
    }
}
