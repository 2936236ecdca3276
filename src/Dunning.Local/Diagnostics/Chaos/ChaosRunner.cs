using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Dunning.AcsEmulator;
using Dunning.Core;
using Dunning.Core.Events;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;
using Dunning.Local.Pipeline;
using Dunning.Storage.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>
/// The whole pipeline on Azurite and the ACS emulator with every fault at once: ACS 5xx, 429 and lost answers,
/// each queue message enqueued twice, workers dying between the ledger write and the send, each Event Grid event
/// posted three times and shuffled, and STOP replies and payments arriving while jobs wait in the outbox. With
/// <see cref="ChaosOptions.Instances"/> above one, several hosts (each its own service provider, storage clients,
/// sender limiter and queue pumps, as separate processes would be, sharing only the storage account, the ACS
/// emulator and the clock) drain the queues side by side, and one is killed mid-flight: its pumps are cancelled with
/// messages in hand, which come back to the others after the visibility timeout. The verdict comes from
/// <see cref="ChaosInvariants"/> over what reached the emulator and what the ledger says.
/// </summary>
public sealed class ChaosRunner
{
    private static readonly TimeSpan ScanFor = TimeSpan.FromHours(20);
    private static readonly TimeSpan RunFor = TimeSpan.FromHours(30);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(10);

    /// <summary>
    /// The least the clock moves between rounds. Sends waiting on a sender's limit come back one permit apart (0.3 s
    /// for a toll-free number); stepping 5 s lets a round send what 5 s of the limit allows instead of one message.
    /// </summary>
    private static readonly TimeSpan ShortestStep = TimeSpan.FromSeconds(5);

    private readonly ChaosOptions options;
    private readonly string lenderId;
    private readonly FakeTimeProvider time;
    private readonly Random random;
    private readonly IProgress<string>? progress;
    private readonly string[] senderIds;
    private readonly HashSet<string> expectedJobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> optedOutAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> paidAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BookRow> rowByInstallment = new(StringComparer.Ordinal);
    private readonly List<ChaosHost> hosts = [];
    private AcsEmulator.AcsEmulator emulator = null!;
    private ChaosKill? kill;
    private int paymentFiles;

    /// <summary>The host that stands in for the app where one instance does a thing once: uploads, settings, queries.</summary>
    private ChaosHost Primary => hosts[0];

    private IEnumerable<ChaosHost> LiveHosts => hosts.Where(h => h.Alive);

    private ChaosRunner(ChaosOptions options, IProgress<string>? progress)
    {
        this.options = options;
        this.progress = progress;
        random = new Random(options.Seed);
        time = new FakeTimeProvider(options.Start);
        lenderId = "chaos-" + Guid.NewGuid().ToString("N")[..10];

        // Toll-free numbers of this run's own: runs on one storage account (the tests) must neither read each other's
        // borrowers' replies as theirs nor share a sender's permit rows.
        var firstSender = Random.Shared.Next(1000, 9000);
        senderIds = [.. Enumerable.Range(firstSender, 3).Select(n => "+1800555" + n.ToString("D4", CultureInfo.InvariantCulture))];
    }

    public static async Task<ChaosReport> RunAsync(ChaosOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await new ChaosRunner(options, progress).RunAsync(cancellationToken);
    }

    private async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        progress?.Report("Starting Azurite, the ACS emulator and " + (options.Instances == 1 ? "the local host" : $"{options.Instances} local hosts"));
        await using var azurite = options.StorageConnectionString is null ? await AzuriteProcess.StartAsync(Cli.RepositoryPaths.Root(), cancellationToken) : null;
        var storage = options.StorageConnectionString ?? azurite!.ConnectionString;

        // One ACS for the app: every host sends to it, and it posts events to the first host as Event Grid would to the
        // app, once that host has a port of its own.
        var emulatorOptions = EmulatorOptions();
        await using (emulator = await AcsEmulator.AcsEmulator.StartAsync(emulatorOptions, cancellationToken))
        {
            try
            {
                for (var index = 0; index < options.Instances; index++)
                {
                    hosts.Add(await StartHostAsync(index, storage, cancellationToken));
                }

                emulatorOptions.WebhookUrl = new Uri(Primary.Pipeline.BaseUrl, "api/" + PipelineNames.SmsEventsRoute);

                return await RunPipelinesAsync(stopwatch, cancellationToken);
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.Pipeline.DisposeAsync();
                }
            }
        }
    }

    private AcsEmulatorOptions EmulatorOptions() => new()
    {
        TimeProvider = time,
        FunctionsKey = new LocalPipelineOptions().SharedKey,
        AutoFlushInterval = null,
        Seed = options.Seed,
        ServerErrorFraction = options.ServerErrorFraction,
        ThrottleFraction = options.ThrottleFraction,
        LostResponseFraction = options.LostResponseFraction,
        ThrottleRetryAfter = TimeSpan.FromSeconds(1),
        DeliveryReportDelay = TimeSpan.FromMinutes(1),
        EventDeliveries = options.EventDeliveries,
        ShuffleReports = true,
    };

    private async Task<ChaosHost> StartHostAsync(int index, string storage, CancellationToken cancellationToken)
    {
        DuplicatingOutbox? tap = null;
        CrashingSmsSender? crasher = null;
        var pipeline = await LocalPipeline.StartAsync(
            new LocalPipelineOptions
            {
                StorageConnectionString = storage,
                AcsConnectionString = emulator.ConnectionString,
                Time = time,
                RunBackgroundLoops = false,
                QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
                ConfigureServices = services =>
                {
                    // Sender limits stay on: chaos checks that no sender goes over its limit per minute.
                    DiagnosticsServices.UseFastSending(services);
                    if (options.SenderPermitsPerMinute is { } limit)
                    {
                        services.Configure<SenderThroughputOptions>(o =>
                        {
                            foreach (var sender in senderIds)
                            {
                                o.PermitsPerMinute[SenderThroughputLimits.SettingKey(sender)] = limit;
                            }
                        });
                    }

                    services.Decorate<IOutbox>((inner, _) => tap = new DuplicatingOutbox(inner));
                    services.Decorate<IJobQueue>((inner, _) => new DuplicatingJobQueue(inner));
                    services.Decorate<ISmsSender>((inner, _) => crasher = new CrashingSmsSender(inner, options.CrashFraction, options.Seed + index));
                },
            },
            Cli.RepositoryPaths.Root(),
            cancellationToken);
        _ = pipeline.Services.GetRequiredService<IOutbox>();
        _ = pipeline.Services.GetRequiredService<ISmsSender>();
        return new ChaosHost(pipeline, tap!, crasher!);
    }

    private async Task<ChaosReport> RunPipelinesAsync(Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        await ClearQueuesAsync(cancellationToken);
        var lender = LenderSettings.DefaultFor(lenderId) with { Brand = "Chaos", Hotline = "400-820-8820", SenderIds = senderIds };
        await Primary.Pipeline.Services.GetRequiredService<ILenderDirectory>().SaveAsync(lender, cancellationToken);

        var book = GenerateBook();
        progress?.Report($"Ingesting {book.Count:N0} installments");
        await UploadAndIngestAsync(PipelineNames.SchedulesContainer, "book.csv", BookRow.ToCsv(book), cancellationToken);

        progress?.Report("Running the pipeline under faults");
        await DriveAsync(cancellationToken);

        progress?.Report("Checking the invariants");
        var ledger = new List<SendRecord>();
        await foreach (var row in Primary.Pipeline.Services.GetRequiredService<ISendLedger>()
            .QueryAsync(lenderId, options.Start - TimeSpan.FromDays(1), options.Start + GiveUpAfter + TimeSpan.FromDays(1), cancellationToken))
        {
            ledger.Add(row);
        }

        var delivered = emulator.Delivered.Where(d => d.Tag?.StartsWith(lenderId + ":", StringComparison.Ordinal) == true).ToList();
        var throughput = Primary.Pipeline.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SenderThroughputOptions>>().Value;
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
            SenderThroughput = throughput,
        });

        return new ChaosReport(
            lenderId,
            book.Count,
            book.Select(r => r.BorrowerId).Distinct().Count(),
            options.Seed,
            stopwatch.Elapsed.TotalSeconds,
            new ChaosFaults(emulator.ThrottledCount, emulator.ServerErrorCount, emulator.LostResponseCount, hosts.Sum(h => h.Crasher.Crashes),
                hosts.Sum(h => h.Tap.Duplicates), hosts.Sum(h => h.Pipeline.OutboxPump.Poisoned), hosts.Sum(h => h.Pipeline.ReminderPump.Poisoned), options.EventDeliveries),
            ledger.GroupBy(r => r.State.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            delivered.Count,
            optedOutAt.Count,
            paidAt.Count,
            findings)
        {
            Instances = options.Instances,
            Kill = kill,
            EndReasons = ledger.Where(r => r.Reason is not null).GroupBy(r => $"{r.State}: {r.Reason}", StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            SenderPeaks = ChaosInvariants.SenderPeaks(delivered, throughput),
            MessagesPerPhone = delivered.GroupBy(d => d.To, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
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
        // The first scan fires twice, on two instances when there are several.
        await Primary.Pipeline.ScanAsync(cancellationToken);
        await hosts[^1].Pipeline.ScanAsync(cancellationToken);
        var nextScan = ScanSchedule.NextAfter(time.GetUtcNow());
        while (true)
        {
            var drainStarted = Stopwatch.GetTimestamp();
            await DrainAsync(cancellationToken);
            var now = time.GetUtcNow();
            progress?.Report($"Virtual {now:yyyy-MM-dd HH:mm}Z: drained in {Stopwatch.GetElapsedTime(drainStarted).TotalSeconds:F1} s");
            var nextDue = hosts.Select(h => h.Pipeline.Delays!.NextDue()).Where(d => d is not null).Min();
            var quiet = nextDue is null && emulator.PendingReportCount == 0;
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

            time.Advance(next > now + ShortestStep ? next - now : ShortestStep);
            if (time.GetUtcNow() >= nextScan)
            {
                if (nextScan <= options.Start + ScanFor)
                {
                    await LiveHosts.First().Pipeline.ScanAsync(cancellationToken);
                }

                nextScan = ScanSchedule.NextAfter(time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Everything that can move at this instant. Personalization goes one batch per host at a time (keeping the
    /// outbox shallow), and between personalizing and sending, some of the waiting jobs' borrowers opt out or pay.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var reminders = Primary.Pipeline.Storage.Queue(PipelineNames.ReminderJobsQueue);
        while (true)
        {
            var moved = await ReleaseDueAsync(cancellationToken);
            int wave;
            while ((wave = (await Task.WhenAll(LiveHosts.Select(h => h.Pipeline.ReminderPump.PumpOnceAsync(cancellationToken)))).Sum()) > 0)
            {
                moved += wave;
                if (await InterfereAsync(TakeEnqueued(), cancellationToken))
                {
                    time.Advance(TimeSpan.FromMinutes(1));
                }

                moved += await SettleOutboxAsync(cancellationToken);
            }

            TakeEnqueued();
            moved += await SettleOutboxAsync(cancellationToken);
            moved += await emulator.FlushDueReportsAsync(cancellationToken);
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

    /// <summary>
    /// Delayed messages whose virtual time has come, from every host, the killed one too: under a real clock they
    /// would sit in the queue with a visibility delay, not in the process that put them there.
    /// </summary>
    private async Task<int> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var host in hosts)
        {
            released += await host.Pipeline.Delays!.ReleaseDueAsync(cancellationToken);
        }

        return released;
    }

    private List<OutboxMessage> TakeEnqueued() => [.. hosts.SelectMany(h => h.Tap.TakeEnqueued())];

    private async Task<int> SettleOutboxAsync(CancellationToken cancellationToken)
    {
        var outbox = Primary.Pipeline.Storage.Queue(PipelineNames.SmsOutboxQueue);
        var total = 0;
        while (true)
        {
            var handled = await DrainOutboxesAsync(cancellationToken);
            total += handled;
            if (await QueueDepth.ApproximateAsync(outbox, cancellationToken) == 0)
            {
                return total;
            }

            if (handled == 0)
            {
                // A killed host's messages, or a failed delivery, wait out their visibility timeout.
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    /// <summary>Every live host drains sms-outbox at once; the last host dies the first time it holds messages mid-send.</summary>
    private async Task<int> DrainOutboxesAsync(CancellationToken cancellationToken)
    {
        var live = LiveHosts.ToList();
        var drains = Task.WhenAll(live.Select(h => DrainOutboxAsync(h, cancellationToken)));
        if (kill is null && hosts.Count > 1 && hosts[^1].Alive)
        {
            await KillWhenInFlightAsync(hosts[^1], drains, cancellationToken);
        }

        return (await drains).Sum();
    }

    private static async Task<int> DrainOutboxAsync(ChaosHost host, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.Life.Token);
        try
        {
            return await host.Pipeline.OutboxPump.DrainAsync(linked.Token);
        }
        catch (OperationCanceledException) when (host.Life.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Killed: what it had received is neither acknowledged nor abandoned; the queue shows it again after the timeout.
            return 0;
        }
    }

    /// <summary>Cancels the host abruptly once it has sent something and holds received messages it has not finished.</summary>
    private async Task KillWhenInFlightAsync(ChaosHost victim, Task drains, CancellationToken cancellationToken)
    {
        var pump = victim.Pipeline.OutboxPump;
        while (!drains.IsCompleted)
        {
            if (pump.Handled >= 2 && pump.InFlight > 0)
            {
                kill = new ChaosKill(hosts.Count - 1, time.GetUtcNow(), pump.InFlight, pump.Handled);
                await victim.Life.CancelAsync();
                progress?.Report($"Killed host {kill.Host} with {kill.MessagesInHand} messages in hand");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken);
        }
    }

    /// <summary>STOP replies and payments for a seeded share of the scheduled jobs now waiting in the outbox.</summary>
    private async Task<bool> InterfereAsync(IReadOnlyList<OutboxMessage> waiting, CancellationToken cancellationToken)
    {
        var payments = new List<BookRow>();
        var optOuts = 0;
        foreach (var message in waiting.Where(m => m.Kind == MessageKind.Scheduled && m.Stage != Stage.ThankYouName).DistinctBy(m => m.JobId))
        {
            var draw = Draw(message.JobId);
            if (draw < options.OptOutFraction && !optedOutAt.ContainsKey(message.To))
            {
                var inboundId = await emulator.PostInboundSmsAsync(message.To, senderIds[0], "STOP", cancellationToken);
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

    /// <summary>
    /// The job's own draw in [0, 1): the same whichever host personalized it and whenever it was seen waiting, so the
    /// same seed interferes with the same jobs however many hosts run.
    /// </summary>
    private double Draw(string jobId) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(jobId), options.Seed) / (ulong.MaxValue + 1.0);

    private async Task UploadAndIngestAsync(string container, string name, string csv, CancellationToken cancellationToken)
    {
        await Primary.Pipeline.Storage.Container(container).GetBlobClient($"{lenderId}/{name}")
            .UploadAsync(BinaryData.FromString(csv), overwrite: true, cancellationToken);
        foreach (var summary in await LiveHosts.First().Pipeline.Watcher.ScanOnceAsync(cancellationToken))
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
            await Primary.Pipeline.Storage.Queue(name).ClearMessagesAsync(cancellationToken);
        }
    }
}

/// <summary>One instance of the app: its own pipeline (service provider, clients, limiter, pumps) and its fault taps.</summary>
internal sealed class ChaosHost(LocalPipeline pipeline, DuplicatingOutbox tap, CrashingSmsSender crasher)
{
    public LocalPipeline Pipeline { get; } = pipeline;

    public DuplicatingOutbox Tap { get; } = tap;

    public CrashingSmsSender Crasher { get; } = crasher;

    /// <summary>Cancelled when the host is killed: its pumps stop where they are.</summary>
    public CancellationTokenSource Life { get; } = new();

    public bool Alive => !Life.IsCancellationRequested;
}
