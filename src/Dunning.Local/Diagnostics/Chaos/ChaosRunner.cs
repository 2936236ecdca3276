using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dunning.Core;
using Dunning.Core.Events;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>
/// The whole pipeline on Azurite and the ACS emulator with every fault at once: ACS 5xx, 429 and lost answers,
/// each queue message enqueued twice, workers dying between the ledger write and the send, each Event Grid event
/// posted three times and shuffled, and STOP replies and payments arriving while jobs wait in the outbox. The
/// verdict comes from <see cref="ChaosInvariants"/> over what reached the emulator and what the ledger says.
/// </summary>
public sealed class ChaosRunner
{
    private static readonly string[] SenderIds = ["+18005550170", "+18005550171", "+18005550172"];
    private static readonly TimeSpan ScanFor = TimeSpan.FromHours(20);
    private static readonly TimeSpan RunFor = TimeSpan.FromHours(30);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(10);

    private readonly ChaosOptions options;
    private readonly string lenderId;
    private readonly FakeTimeProvider time;
    private readonly Random random;
    private readonly IProgress<string>? progress;
    private readonly HashSet<string> expectedJobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> optedOutAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> paidAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BookRow> rowByInstallment = new(StringComparer.Ordinal);
    private LocalPipeline pipeline = null!;
    private DuplicatingOutbox outboxTap = null!;
    private int paymentFiles;

    private ChaosRunner(ChaosOptions options, IProgress<string>? progress)
    {
        this.options = options;
        this.progress = progress;
        random = new Random(options.Seed);
        time = new FakeTimeProvider(options.Start);
        lenderId = "chaos-" + Guid.NewGuid().ToString("N")[..10];
    }

    public static async Task<ChaosReport> RunAsync(ChaosOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await new ChaosRunner(options, progress).RunAsync(cancellationToken);
    }

    private async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        CrashingSmsSender? crasher = null;
        var pipelineOptions = new LocalPipelineOptions
        {
            StorageConnectionString = options.StorageConnectionString,
            Time = time,
            RunBackgroundLoops = false,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
            ConfigureEmulator = emulator =>
            {
                emulator.Seed = options.Seed;
                emulator.ServerErrorFraction = options.ServerErrorFraction;
                emulator.ThrottleFraction = options.ThrottleFraction;
                emulator.LostResponseFraction = options.LostResponseFraction;
                emulator.ThrottleRetryAfter = TimeSpan.FromSeconds(1);
                emulator.DeliveryReportDelay = TimeSpan.FromMinutes(1);
                emulator.EventDeliveries = options.EventDeliveries;
                emulator.ShuffleReports = true;
            },
            ConfigureServices = services =>
            {
                DiagnosticsServices.UseFastSending(services);
                services.Decorate<IOutbox>((inner, _) => new DuplicatingOutbox(inner));
                services.Decorate<IJobQueue>((inner, _) => new DuplicatingJobQueue(inner));
                services.Decorate<ISmsSender>((inner, _) => crasher = new CrashingSmsSender(inner, options.CrashFraction, options.Seed));
            },
        };

        progress?.Report("Starting Azurite, the ACS emulator and the local host");
        await using (pipeline = await LocalPipeline.StartAsync(pipelineOptions, Cli.RepositoryPaths.Root(), cancellationToken))
        {
            outboxTap = (DuplicatingOutbox)pipeline.Services.GetRequiredService<IOutbox>();
            await ClearQueuesAsync(cancellationToken);
            var lender = LenderSettings.DefaultFor(lenderId) with { Brand = "Chaos", Hotline = "400-820-8820", SenderIds = SenderIds };
            await pipeline.Services.GetRequiredService<ILenderDirectory>().SaveAsync(lender, cancellationToken);

            var book = GenerateBook();
            progress?.Report($"Ingesting {book.Count:N0} installments");
            await UploadAndIngestAsync(PipelineNames.SchedulesContainer, "book.csv", BookRow.ToCsv(book), cancellationToken);

            progress?.Report("Running the pipeline under faults");
            await DriveAsync(cancellationToken);

            progress?.Report("Checking the invariants");
            var ledger = new List<SendRecord>();
            await foreach (var row in pipeline.Services.GetRequiredService<ISendLedger>()
                .QueryAsync(lenderId, options.Start - TimeSpan.FromDays(1), options.Start + GiveUpAfter + TimeSpan.FromDays(1), cancellationToken))
            {
                ledger.Add(row);
            }

            var emulator = pipeline.Emulator!;
            var delivered = emulator.Delivered.Where(d => d.Tag?.StartsWith(lenderId + ":", StringComparison.Ordinal) == true).ToList();
            var findings = ChaosInvariants.Check(new ChaosObservations
            {
                Delivered = delivered,
                Ledger = ledger,
                ExpectedJobIds = expectedJobs,
                TimeZoneByPhone = book.GroupBy(r => r.Phone).ToDictionary(g => g.Key, g => g.First().TimeZone, StringComparer.Ordinal),
                OptedOutAtByPhone = optedOutAt,
                PaidAtByInstallment = paidAt,
                SendWindow = lender.SendWindow,
                MaxMessagesPerDay = lender.MaxMessagesPerDay,
                MaxMessagesPer7Days = lender.MaxMessagesPer7Days,
            });

            return new ChaosReport(
                lenderId,
                book.Count,
                book.Select(r => r.BorrowerId).Distinct().Count(),
                options.Seed,
                stopwatch.Elapsed.TotalSeconds,
                new ChaosFaults(emulator.ThrottledCount, emulator.ServerErrorCount, emulator.LostResponseCount, crasher?.Crashes ?? 0,
                    outboxTap.Duplicates, pipeline.OutboxPump.Poisoned, pipeline.ReminderPump.Poisoned, options.EventDeliveries),
                ledger.GroupBy(r => r.State.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                delivered.Count,
                optedOutAt.Count,
                paidAt.Count,
                findings);
        }
    }

    /// <summary>Borrowers in three zones, each installment due three local days from the start (stage T-3); some borrowers owe two.</summary>
    private List<BookRow> GenerateBook()
    {
        var rows = new List<BookRow>(options.Jobs);
        for (var borrower = 0; rows.Count < options.Jobs; borrower++)
        {
            var market = DiagnosticMarket.All[random.Next(DiagnosticMarket.All.Count)];
            var phone = market.Phone(borrower);
            var dueDate = ScanDueInstallmentsHandler.LocalDate(options.Start, market.TimeZone).AddDays(3);
            var loans = random.NextDouble() < options.SecondLoanFraction ? 2 : 1;
            for (var loan = 1; loan <= loans && rows.Count < options.Jobs; loan++)
            {
                var row = new BookRow(
                    string.Create(CultureInfo.InvariantCulture, $"L{borrower:D6}-{loan}"),
                    1,
                    string.Create(CultureInfo.InvariantCulture, $"B{borrower:D6}"),
                    market.Language == Languages.Chinese ? "张伟" : "Alex Morgan",
                    phone,
                    market.TimeZone,
                    market.Language,
                    Math.Round((decimal)(random.NextDouble() * 4_000) + 100m, 2),
                    market.Currency,
                    dueDate);
                rows.Add(row);
                rowByInstallment[JobTag.InstallmentKeyOf(row.LoanId, row.InstallmentNo)] = row;
                expectedJobs.Add(ReminderJob.IdFor(lenderId, row.LoanId, row.InstallmentNo, "T-3"));
            }
        }

        return rows;
    }

    /// <summary>Hour by hour on the virtual clock: hourly scans (the first one fired twice), then until every wait has ended.</summary>
    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        await pipeline.ScanAsync(cancellationToken);
        await pipeline.ScanAsync(cancellationToken);
        var nextScan = ScanSchedule.NextAfter(time.GetUtcNow());
        while (true)
        {
            var drainStarted = Stopwatch.GetTimestamp();
            await DrainAsync(cancellationToken);
            var now = time.GetUtcNow();
            progress?.Report($"Virtual {now:yyyy-MM-dd HH:mm}Z: drained in {Stopwatch.GetElapsedTime(drainStarted).TotalSeconds:F1} s");
            var nextDue = pipeline.Delays!.NextDue();
            var quiet = nextDue is null && pipeline.Emulator!.PendingReportCount == 0;
            if ((now >= options.Start + RunFor && quiet) || now >= options.Start + GiveUpAfter)
            {
                return;
            }

            var next = now + TimeSpan.FromHours(1);
            if (nextDue is { } due && due < next)
            {
                next = due;
            }

            if (nextScan < next && nextScan <= options.Start + ScanFor)
            {
                next = nextScan;
            }

            time.Advance(next > now + TimeSpan.FromSeconds(1) ? next - now : TimeSpan.FromSeconds(1));
            if (time.GetUtcNow() >= nextScan)
            {
                if (nextScan <= options.Start + ScanFor)
                {
                    await pipeline.ScanAsync(cancellationToken);
                }

                nextScan = ScanSchedule.NextAfter(time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Everything that can move at this instant. Personalization goes one batch at a time (keeping the outbox
    /// shallow), and between personalizing and sending, some of the waiting jobs' borrowers opt out or pay.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var reminders = pipeline.Storage.Queue(PipelineNames.ReminderJobsQueue);
        while (true)
        {
            var moved = await pipeline.Delays!.ReleaseDueAsync(cancellationToken);
            int wave;
            while ((wave = await pipeline.ReminderPump.PumpOnceAsync(cancellationToken)) > 0)
            {
                moved += wave;
                if (await InterfereAsync(outboxTap.TakeEnqueued(), cancellationToken))
                {
                    time.Advance(TimeSpan.FromMinutes(1));
                }

                moved += await SettleOutboxAsync(cancellationToken);
            }

            outboxTap.TakeEnqueued();
            moved += await SettleOutboxAsync(cancellationToken);
            moved += await pipeline.Emulator!.FlushDueReportsAsync(cancellationToken);
            if (moved == 0)
            {
                if (await QueueDepth.ApproximateAsync(reminders, cancellationToken) == 0)
                {
                    return;
                }

                // A failed reminder batch waits out its visibility timeout.
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    private async Task<int> SettleOutboxAsync(CancellationToken cancellationToken)
    {
        var outbox = pipeline.Storage.Queue(PipelineNames.SmsOutboxQueue);
        var total = 0;
        while (true)
        {
            var handled = await pipeline.OutboxPump.DrainAsync(cancellationToken);
            total += handled;
            if (await QueueDepth.ApproximateAsync(outbox, cancellationToken) == 0)
            {
                return total;
            }

            if (handled == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    /// <summary>STOP replies and payments for a seeded share of the scheduled jobs now waiting in the outbox.</summary>
    private async Task<bool> InterfereAsync(IReadOnlyList<OutboxMessage> waiting, CancellationToken cancellationToken)
    {
        var payments = new List<BookRow>();
        var optOuts = 0;
        foreach (var message in waiting.Where(m => m.Kind == MessageKind.Scheduled && m.Stage != Stage.ThankYouName).DistinctBy(m => m.JobId))
        {
            var draw = random.NextDouble();
            if (draw < options.OptOutFraction && !optedOutAt.ContainsKey(message.To))
            {
                var inboundId = await pipeline.Emulator!.PostInboundSmsAsync(message.To, SenderIds[0], "STOP", cancellationToken);
                optedOutAt[message.To] = time.GetUtcNow();
                expectedJobs.Add(InboundSmsProcessor.ReplyJobId(lenderId, inboundId));
                optOuts++;
            }
            else if (draw < options.OptOutFraction + options.PaymentFraction && message.LoanId is { } loanId
                && rowByInstallment.TryGetValue(JobTag.InstallmentKeyOf(loanId, message.InstallmentNo ?? 0), out var row)
                && !paidAt.ContainsKey(JobTag.InstallmentKeyOf(row.LoanId, row.InstallmentNo)))
            {
                payments.Add(row);
            }
        }

        if (payments.Count > 0)
        {
            var now = time.GetUtcNow();
            var csv = new StringBuilder("loan_id,installment_no,amount_paid,paid_at\r\n");
            foreach (var row in payments)
            {
                csv.Append(row.LoanId).Append(',').Append(row.InstallmentNo.ToString(CultureInfo.InvariantCulture)).Append(',')
                   .Append(row.Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                   .Append(now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\r\n");
            }

            await UploadAndIngestAsync(PipelineNames.PaymentsContainer, $"payments-{++paymentFiles:D4}.csv", csv.ToString(), cancellationToken);
            foreach (var row in payments)
            {
                paidAt[JobTag.InstallmentKeyOf(row.LoanId, row.InstallmentNo)] = now;

                // Paid before the due date: the payment earns a thank-you, which must end final too.
                expectedJobs.Add(ReminderJob.IdFor(lenderId, row.LoanId, row.InstallmentNo, Stage.ThankYouName));
            }
        }

        return optOuts > 0 || payments.Count > 0;
    }

    private async Task UploadAndIngestAsync(string container, string name, string csv, CancellationToken cancellationToken)
    {
        await pipeline.Storage.Container(container).GetBlobClient($"{lenderId}/{name}")
            .UploadAsync(BinaryData.FromString(csv), overwrite: true, cancellationToken);
        foreach (var summary in await pipeline.Watcher.ScanOnceAsync(cancellationToken))
        {
            if (summary.LenderId == lenderId && (summary.FileError is not null || summary.Rejected > 0))
            {
                throw new InvalidOperationException($"The generated {name} was not ingested cleanly: {summary.FileError ?? summary.Rejected + " rows rejected"}.");
            }
        }
    }

    private async Task ClearQueuesAsync(CancellationToken cancellationToken)
    {
        foreach (var name in PipelineNames.AllQueues)
        {
            await pipeline.Storage.Queue(name).ClearMessagesAsync(cancellationToken);
        }
    }
}
