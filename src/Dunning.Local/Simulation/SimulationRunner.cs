using System.Globalization;
using System.Text;
using Dunning.AcsEmulator;
using Dunning.Core;
using Dunning.Core.Eligibility;
using Dunning.Core.Experiments;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Local.Simulation;

/// <summary>
/// Runs the real pipeline (Azurite, handlers, ACS emulator) on a virtual clock for every policy at once, each
/// policy as its own lender with the same book, while simulated borrowers pay and reply according to the seeded
/// <see cref="BehaviourModel"/>. The clock moves an hour at a time; an hour in which nothing can happen (no local
/// date turned over, nothing held is due, nothing moved last hour, nobody pays) is stepped over without calling
/// the pipeline, which gives the same result as calling it and finding nothing to do.
/// </summary>
public sealed class SimulationRunner
{
    private readonly LocalPipeline pipeline;
    private readonly SimulationSetup setup;
    private readonly SimulationOptions options;
    private readonly IReadOnlyList<SampleBorrower> book;
    private readonly Dictionary<string, SampleBorrower> byKey;
    private readonly Dictionary<string, TimeZoneInfo> zones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> naturalPayAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PolicyRun> runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateOnly> scannedLocalDates = new(StringComparer.Ordinal);
    private int deliveredCursor;

    private SimulationRunner(LocalPipeline pipeline, SimulationSetup setup, SimulationOptions options, IReadOnlyList<SampleBorrower> book)
    {
        this.pipeline = pipeline;
        this.setup = setup;
        this.options = options;
        this.book = book;
        byKey = book.GroupBy(b => b.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var zone in book.Select(b => b.TimeZone).Append("Asia/Shanghai").Distinct())
        {
            zones[zone] = SendWindow.ResolveTimeZone(zone, "Asia/Shanghai");
        }
    }

    public static IReadOnlyList<SampleBorrower> BookFor(SimulationOptions options) => options.BookCsv is { } csv
        ? UploadedBook.Read(csv)
        : SampleBook.Generate(options.Borrowers, DateOnly.FromDateTime(options.Start.UtcDateTime).AddDays(3), Math.Max(1, options.Days - 12), options.Seed, options.Shape);

    public static async Task<SimulationResult> RunAsync(
        LocalPipeline pipeline, SimulationSetup setup, SimulationOptions options, IReadOnlyList<SampleBorrower> book,
        IProgress<int>? dayDone, CancellationToken cancellationToken)
    {
        var runner = new SimulationRunner(pipeline, setup, options, book);
        return await runner.RunAsync(dayDone, cancellationToken);
    }

    private DateTimeOffset Now => setup.Time.GetUtcNow();

    private async Task<SimulationResult> RunAsync(IProgress<int>? dayDone, CancellationToken cancellationToken)
    {
        var startedAt = Now;
        var total = System.Diagnostics.Stopwatch.StartNew();
        var upload = System.Diagnostics.Stopwatch.StartNew();
        var scan = new System.Diagnostics.Stopwatch();
        var pump = new System.Diagnostics.Stopwatch();
        var payments = new System.Diagnostics.Stopwatch();
        int hoursRun = 0, hoursSkipped = 0, releaseSteps = 0;
        await SetUpLendersAsync(cancellationToken);
        var scheduleCsv = options.BookCsv ?? SampleBook.ToScheduleCsv(book, options.BadRows, options.Seed);
        foreach (var run in runs.Values)
        {
            await UploadAsync(PipelineNames.SchedulesContainer, run.LenderId, "book.csv", scheduleCsv, cancellationToken);
        }

        foreach (var summary in await pipeline.Watcher.ScanOnceAsync(cancellationToken))
        {
            if (runs.TryGetValue(summary.LenderId, out var run))
            {
                run.Upload = summary;
            }
        }

        upload.Stop();
        DecideNaturalPayments(startedAt + TimeSpan.FromDays(options.Days));
        var busy = true;
        var nextScan = Now;
        for (var hour = 0; hour < options.Days * 24; hour++)
        {
            var now = Now;
            FeedExperimentTally(now);
            payments.Start();
            var uploaded = await UploadDuePaymentsAsync(now, cancellationToken);
            payments.Stop();
            var scanned = false;
            if (now >= nextScan && LocalDateTurnedOver(now))
            {
                scan.Start();
                await pipeline.ScanAsync(cancellationToken);
                scan.Stop();
                nextScan = ScanSchedule.NextAfter(now);
                scanned = true;
            }

            if (!(busy || uploaded || scanned || pipeline.Delays?.NextDue() <= now))
            {
                hoursSkipped++;
            }
            else
            {
                hoursRun++;
                pump.Start();
                busy = await RunPipelineAsync(uploaded, cancellationToken);
                pump.Stop();
            }

            // A held message comes back at its own minute: the clock stops there inside the hour, where stepping to the
            // next hour would send everything held for this one together at its end.
            var hourEnd = now + TimeSpan.FromHours(1);
            while (pipeline.Delays?.NextDue() is { } due && due < hourEnd)
            {
                if (due > Now)
                {
                    setup.Time.SetUtcNow(due);
                }

                releaseSteps++;
                pump.Start();
                busy = await RunPipelineAsync(listUploads: false, cancellationToken);
                pump.Stop();
            }

            if (hour % 24 == 23)
            {
                RecordOverdue(hourEnd);
                dayDone?.Report(hour / 24 + 1);
            }

            setup.Time.SetUtcNow(hourEnd);
        }

        await pipeline.RunUntilQuietAsync(cancellationToken);
        await ReactToDeliveriesAsync(cancellationToken);
        var endedAt = Now;
        var outcomes = new List<PolicyOutcome>();
        foreach (var run in runs.Values)
        {
            outcomes.Add(await run.ToOutcomeAsync(pipeline, options, startedAt, endedAt, cancellationToken));
        }

        // Another simulation may share this storage: with no stages left, the next one's scans pass these lenders by.
        var directory = pipeline.Services.GetRequiredService<ILenderDirectory>();
        foreach (var run in runs.Values)
        {
            await directory.SaveAsync(run.Settings with { Stages = [], CleanHistoryStages = [], Experiments = [] }, cancellationToken);
        }

        return new SimulationResult(options, book, outcomes, startedAt, endedAt,
            new SimulationTimings(upload.Elapsed, scan.Elapsed, pump.Elapsed, payments.Elapsed, total.Elapsed, hoursRun, hoursSkipped, releaseSteps));
    }

    /// <summary>Moves what is due now, lets borrowers answer what they received, and says whether anything is still in flight.</summary>
    private async Task<bool> RunPipelineAsync(bool listUploads, CancellationToken cancellationToken)
    {
        await pipeline.RunWhatIsDueAsync(listUploads, cancellationToken);
        var replies = await ReactToDeliveriesAsync(cancellationToken);
        if (replies > 0)
        {
            await pipeline.RunWhatIsDueAsync(listUploads: false, cancellationToken);
            await ReactToDeliveriesAsync(cancellationToken);
        }

        // Only what is still in flight (a queue not yet found empty, a report not yet posted) needs the next hour.
        return pipeline.HasWorkInFlight;
    }

    private async Task SetUpLendersAsync(CancellationToken cancellationToken)
    {
        var directory = pipeline.Services.GetRequiredService<ILenderDirectory>();
        var templates = pipeline.Services.GetRequiredService<ITemplateStore>();
        foreach (var policy in options.Policies.Distinct())
        {
            var settings = SimulationPolicies.LenderFor(policy, options.LenderPrefix, (int)policy, options.Experiments);
            await directory.SaveAsync(settings, cancellationToken);
            if (settings.Experiments.Count > 0)
            {
                foreach (var ((name, language), text) in SampleExperiments.Templates)
                {
                    await templates.SaveAsync(settings.LenderId, name, language, text, cancellationToken);
                }
            }

            runs[settings.LenderId] = new PolicyRun(policy, settings);
        }
    }

    private async Task UploadAsync(string container, string lenderId, string name, string csv, CancellationToken cancellationToken) =>
        await pipeline.Storage.Container(container).GetBlobClient($"{lenderId}/{name}")
            .UploadAsync(BinaryData.FromString(csv), overwrite: true, cancellationToken);

    /// <summary>
    /// What each borrower does with no messages, decided up front and the same under every policy: most in the
    /// segment's on-time share pay in the last days before the due date, the rest may pay on some later day.
    /// </summary>
    private void DecideNaturalPayments(DateTimeOffset horizon)
    {
        var seed = options.Seed;
        foreach (var account in book)
        {
            var window = new SendWindow(zones[account.TimeZone], QuietHours.Default, []);
            var hour = ModelDraw.Between(7, 23, seed, account.Key, "pay-hour");
            if (ModelDraw.Uniform(seed, account.Key, "on-time") < options.Model.PayOnTimeBySegment.GetValueOrDefault(account.Segment, 0.6))
            {
                var day = account.DueDate.AddDays(-ModelDraw.Between(0, 3, seed, account.Key, "on-time-day"));
                naturalPayAt[account.Key] = window.ToInstant(day.ToDateTime(new TimeOnly(hour, 0)));
                continue;
            }

            var chance = options.Model.PayLatePerDayBySegment.GetValueOrDefault(account.Segment, 0.02);
            for (var late = 1; account.DueDate.AddDays(late).ToDateTime(TimeOnly.MinValue) < horizon.UtcDateTime.AddDays(1); late++)
            {
                if (ModelDraw.Uniform(seed, account.Key, "late", late.ToString(CultureInfo.InvariantCulture)) < chance)
                {
                    naturalPayAt[account.Key] = window.ToInstant(account.DueDate.AddDays(late).ToDateTime(new TimeOnly(hour, 0)));
                    break;
                }
            }
        }

        foreach (var run in runs.Values)
        {
            foreach (var (key, at) in naturalPayAt)
            {
                run.PayAt[key] = at;
            }
        }
    }

    /// <summary>The scan can only find new work when some borrower's local date has turned over since it last ran.</summary>
    private bool LocalDateTurnedOver(DateTimeOffset now)
    {
        var turned = false;
        foreach (var (id, zone) in zones)
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            if (!scannedLocalDates.TryGetValue(id, out var seen) || seen != date)
            {
                scannedLocalDates[id] = date;
                turned = true;
            }
        }

        return turned;
    }

    /// <summary>A lender that sends messages also uploads payments; one file per hour that has any, as a bank feed would.</summary>
    private async Task<bool> UploadDuePaymentsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var run in runs.Values.Where(r => r.Policy != SimulationPolicy.NoMessages))
        {
            var due = run.PayAt.Where(p => p.Value <= now && !run.Reported.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            // The previous file was ingested in the hour it arrived; removing it keeps the watcher's listing short.
            if (run.LastPaymentsFile is { } previous)
            {
                await pipeline.Storage.Container(PipelineNames.PaymentsContainer).GetBlobClient(previous).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }

            var csv = new StringBuilder("loan_id,installment_no,amount_paid,paid_at\r\n");
            foreach (var (key, paidAt) in due)
            {
                var account = byKey[key];
                run.Reported.Add(key);
                csv.Append(account.LoanId).Append(',').Append(account.InstallmentNo.ToString(CultureInfo.InvariantCulture)).Append(',')
                   .Append(account.Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                   .Append(paidAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\r\n");
            }

            var name = $"payments-{now:yyyyMMddHH}.csv";
            await UploadAsync(PipelineNames.PaymentsContainer, run.LenderId, name, csv.ToString(), cancellationToken);
            run.LastPaymentsFile = $"{run.LenderId}/{name}";
            any = true;
        }

        return any;
    }

    /// <summary>Each newly delivered collection message may lead its borrower to pay within a few days, or to reply.</summary>
    private async Task<int> ReactToDeliveriesAsync(CancellationToken cancellationToken)
    {
        var delivered = pipeline.Emulator?.Delivered ?? [];
        if (deliveredCursor >= delivered.Count)
        {
            return 0;
        }

        var fresh = delivered.Skip(deliveredCursor).OrderBy(d => d.Tag, StringComparer.Ordinal).ToList();
        deliveredCursor = delivered.Count;
        var replies = 0;
        var seed = options.Seed;
        foreach (var message in fresh)
        {
            if (JobTag.Parse(message.Tag) is not { Stage: { IsCollection: true } stage } tag
                || !runs.TryGetValue(tag.LenderId, out var run)
                || !byKey.TryGetValue(tag.AccountKey, out var account)
                || setup.Undeliverable.Contains(message.To))
            {
                continue;
            }

            var localHour = TimeZoneInfo.ConvertTime(message.AcceptedAt, zones[account.TimeZone]).Hour;
            var choice = VariantOf(run, stage, account, message.Tag!);
            run.Messages.Add(new PendingMessage(message.Tag!, account.Key, stage, message.AcceptedAt, localHour, choice?.ExperimentId, choice?.Variant.Name));
            if (run.IsPaidBy(account.Key, message.AcceptedAt))
            {
                continue;
            }

            var chance = options.Model.PayAfterMessage(stage.Tone, choice?.Variant.Name, localHour);
            if (ModelDraw.Uniform(seed, account.Key, stage.Name, "pay-after-message") < chance)
            {
                // On the hour: the lender's payment file arrives hourly, so a payment at 15:20 could not stop a reminder at 15:39
                // that the pipeline had no way to know of; the borrower pays at the hour the file reports instead.
                var after = TimeSpan.FromHours(ModelDraw.Between(1, options.Model.ResponseWindowDays * 24, seed, account.Key, stage.Name, "pay-when"));
                var paidAt = message.AcceptedAt + after;
                run.PayEarlier(account.Key, paidAt.AddTicks(-(paidAt.UtcTicks % TimeSpan.TicksPerHour)));
            }

            if (ReplyFor(account, stage) is { } intent && !run.OptedOutAt.ContainsKey(account.Phone))
            {
                var text = account.Language == Languages.Chinese ? ChineseReply(intent) : intent;
                await pipeline.Emulator!.PostInboundSmsAsync(account.Phone, message.From, text, cancellationToken);
                run.Replies[intent] = run.Replies.GetValueOrDefault(intent) + 1;
                if (intent == "STOP")
                {
                    run.OptedOutAt[account.Phone] = Now;
                }

                replies++;
            }
        }

        return replies;
    }

    private VariantChoice? VariantOf(PolicyRun run, Stage stage, SampleBorrower account, string jobId)
    {
        if (run.Settings.Experiments.FirstOrDefault(e => e.AppliesTo(stage)) is not { } experiment)
        {
            return null;
        }

        return experiment.Mode == AllocationMode.Thompson && setup.Variants.Chosen.TryGetValue(jobId, out var chosen)
            ? chosen
            : new VariantChoice(experiment.Id, VariantAssigner.Assign(experiment, account.BorrowerId));
    }

    private string? ReplyFor(SampleBorrower account, Stage stage)
    {
        var draw = ModelDraw.Uniform(options.Seed, account.Key, stage.Name, "reply");
        var cumulative = 0.0;
        foreach (var (intent, chance) in options.Model.ReplyProbability.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            cumulative += chance;
            if (draw < cumulative)
            {
                return intent;
            }
        }

        return null;
    }

    /// <summary>Thompson sampling learns from messages whose 3-day window has closed, as a live system would.</summary>
    private void FeedExperimentTally(DateTimeOffset now)
    {
        foreach (var run in runs.Values)
        {
            for (; run.FedToTally < run.Messages.Count; run.FedToTally++)
            {
                var message = run.Messages[run.FedToTally];
                var windowEnd = message.SentAt + TimeSpan.FromDays(options.Model.ResponseWindowDays);
                if (windowEnd > now)
                {
                    break;
                }

                if (message.ExperimentId is not null && message.Variant is not null)
                {
                    setup.Tally.Record(message.ExperimentId, message.Variant, run.IsPaidBy(message.AccountKey, windowEnd));
                }
            }
        }
    }

    private void RecordOverdue(DateTimeOffset at)
    {
        foreach (var run in runs.Values)
        {
            int due = 0, unpaid = 0;
            foreach (var account in book)
            {
                if (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zones[account.TimeZone]).DateTime) <= account.DueDate)
                {
                    continue;
                }

                due++;
                if (!run.IsPaidBy(account.Key, at))
                {
                    unpaid++;
                }
            }

            run.OverdueRateByDay.Add(due == 0 ? 0 : (double)unpaid / due);
        }
    }

    private static string ChineseReply(string intent) => intent switch
    {
        "STOP" => "退订",
        "PAID" => "我已经还了",
        "PLAN" => "最近困难，能分期吗",
        "HELP" => "帮助",
        "WRONG" => "不是本人",
        _ => intent,
    };

    private sealed record PendingMessage(string JobId, string AccountKey, Stage Stage, DateTimeOffset SentAt, int LocalHour, string? ExperimentId, string? Variant);

    private sealed class PolicyRun(SimulationPolicy policy, LenderSettings settings)
    {
        public SimulationPolicy Policy { get; } = policy;

        public LenderSettings Settings { get; } = settings;

        public string LenderId => Settings.LenderId;

        public IngestSummary? Upload { get; set; }

        public Dictionary<string, DateTimeOffset> PayAt { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Reported { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DateTimeOffset> OptedOutAt { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Replies { get; } = new(StringComparer.Ordinal);

        public List<PendingMessage> Messages { get; } = [];

        public List<double> OverdueRateByDay { get; } = [];

        public int FedToTally { get; set; }

        public string? LastPaymentsFile { get; set; }

        public bool IsPaidBy(string key, DateTimeOffset at) => PayAt.TryGetValue(key, out var paid) && paid <= at;

        public void PayEarlier(string key, DateTimeOffset at)
        {
            if (!Reported.Contains(key) && (!PayAt.TryGetValue(key, out var planned) || at < planned))
            {
                PayAt[key] = at;
            }
        }

        public async Task<PolicyOutcome> ToOutcomeAsync(LocalPipeline pipeline, SimulationOptions options, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            var ledger = new List<SendRecord>();
            await foreach (var row in pipeline.Services.GetRequiredService<ISendLedger>().QueryAsync(LenderId, from.AddDays(-1), to.AddDays(1), cancellationToken))
            {
                ledger.Add(row);
            }

            var sent = (pipeline.Emulator?.Delivered ?? []).Where(d => JobTag.Parse(d.Tag)?.LenderId == LenderId).ToList();
            var window = TimeSpan.FromDays(options.Model.ResponseWindowDays);
            return new PolicyOutcome
            {
                Policy = Policy,
                Settings = Settings,
                Upload = Upload,
                Sent = sent,
                Messages = [.. Messages.Select(m => new MessageOutcome(m.JobId, m.AccountKey, m.Stage.Name, m.SentAt, m.LocalHour, m.ExperimentId, m.Variant,
                    PayAt.TryGetValue(m.AccountKey, out var paid) && paid > m.SentAt && paid <= m.SentAt + window))],
                Ledger = ledger,
                PaidAt = PayAt.Where(p => p.Value <= to).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                OptedOutAt = OptedOutAt,
                RepliesByIntent = Replies,
                OverdueRateByDay = OverdueRateByDay,
            };
        }
    }
}
