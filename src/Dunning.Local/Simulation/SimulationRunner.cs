using System.Globalization;
using System.Text;
using Dunning.AcsEmulator;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Local.Simulation;

/// <summary>
/// Runs the real pipeline (Azurite, handlers, ACS emulator) hour by hour on a virtual clock, with simulated
/// borrowers who pay and reply according to a seeded <see cref="BehaviourModel"/>.
/// </summary>
public sealed class SimulationRunner
{
    private readonly LocalPipeline pipeline;
    private readonly FakeTimeProvider time;
    private readonly SimulationOptions options;
    private readonly IReadOnlyList<SampleBorrower> book;
    private readonly Dictionary<string, SampleBorrower> byPhone;
    private readonly Random random;
    private readonly HashSet<string> paidLoans = new(StringComparer.Ordinal);
    private readonly HashSet<string> decidedBaseline = new(StringComparer.Ordinal);
    private readonly List<(SampleBorrower Borrower, DateTimeOffset PaidAt)> pendingPayments = [];
    private readonly Dictionary<string, int> repliesSent = new(StringComparer.Ordinal);
    private int deliveredCursor;

    private SimulationRunner(LocalPipeline pipeline, FakeTimeProvider time, SimulationOptions options, IReadOnlyList<SampleBorrower> book)
    {
        this.pipeline = pipeline;
        this.time = time;
        this.options = options;
        this.book = book;
        byPhone = book.GroupBy(b => b.Phone).ToDictionary(g => g.Key, g => g.First());
        random = new Random(options.Seed);
    }

    public static IReadOnlyList<SampleBorrower> BookFor(SimulationOptions options) =>
        SampleBook.Generate(options.Borrowers, DateOnly.FromDateTime(options.Start.UtcDateTime).AddDays(3), Math.Max(1, options.Days - 12), options.Seed);

    /// <summary>Local pipeline options for a simulation: a virtual clock, no background loops, and its undeliverable numbers.</summary>
    public static (LocalPipelineOptions Options, FakeTimeProvider Time) PipelineOptionsFor(SimulationOptions options, IReadOnlyList<SampleBorrower> book)
    {
        var time = new FakeTimeProvider(options.Start);
        var undeliverable = new Random(options.Seed + 1);
        var numbers = book.Where(_ => undeliverable.NextDouble() < options.Model.UndeliverableShare).Select(b => b.Phone).ToHashSet(StringComparer.Ordinal);
        return (new LocalPipelineOptions
        {
            Time = time,
            RunBackgroundLoops = false,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(2),
            ConfigureEmulator = emulator =>
            {
                emulator.UndeliverableNumbers = numbers;
                emulator.DeliveryReportDelay = TimeSpan.FromMinutes(1);
            },
        }, time);
    }

    public static async Task<SimulationResult> RunAsync(
        LocalPipeline pipeline, FakeTimeProvider time, SimulationOptions options, IReadOnlyList<SampleBorrower> book,
        IProgress<int>? dayDone, CancellationToken cancellationToken)
    {
        var runner = new SimulationRunner(pipeline, time, options, book);
        return await runner.RunAsync(dayDone, cancellationToken);
    }

    private async Task<SimulationResult> RunAsync(IProgress<int>? dayDone, CancellationToken cancellationToken)
    {
        var lender = await SetUpLenderAsync(cancellationToken);
        var upload = await UploadAsync(PipelineNames.SchedulesContainer, "book.csv", SampleBook.ToScheduleCsv(book, options.BadRows, options.Seed), cancellationToken);
        var ingest = (await pipeline.Watcher.ScanOnceAsync(cancellationToken)).Single();

        var nextScan = time.GetUtcNow();
        for (var hour = 0; hour < options.Days * 24; hour++)
        {
            var now = time.GetUtcNow();
            if (now >= nextScan)
            {
                await pipeline.ScanAsync(cancellationToken);
                nextScan = ScanSchedule.NextAfter(now);
            }

            await pipeline.RunUntilQuietAsync(cancellationToken);
            await ReactToDeliveriesAsync(lender, cancellationToken);
            DecideBaselinePayments(now);
            if (now.Hour == 23)
            {
                await UploadDuePaymentsAsync(now, cancellationToken);
                dayDone?.Report(hour / 24 + 1);
            }

            time.Advance(TimeSpan.FromHours(1));
        }

        await pipeline.RunUntilQuietAsync(cancellationToken);
        return new SimulationResult(options, ingest, pipeline.Emulator?.Delivered ?? [], repliesSent, paidLoans.Count, time.GetUtcNow());
    }

    private async Task<LenderSettings> SetUpLenderAsync(CancellationToken cancellationToken)
    {
        var lender = LenderSettings.DefaultFor(options.LenderId) with
        {
            Brand = "安信金融",
            LocalizedBrands = new Dictionary<string, string> { [Languages.English] = "Anxin" },
            Hotline = "400-820-8820",
            PayLink = "https://pay.example.com/anxin",
            PlanLink = "https://pay.example.com/anxin/plan",
            SenderIds = ["+18005550100", "+18005550101"],
            PayMethods = new Dictionary<string, string> { [Languages.Chinese] = "App内还款或银行转账", [Languages.English] = "in the app or by bank transfer" },
            PenaltyInfo = new Dictionary<string, string> { [Languages.Chinese] = "逾期将按合同收取罚息", [Languages.English] = "late fees apply as set out in your agreement" },
        };
        await pipeline.Services.GetRequiredService<ILenderDirectory>().SaveAsync(lender, cancellationToken);
        return lender;
    }

    private async Task<string> UploadAsync(string container, string name, string csv, CancellationToken cancellationToken)
    {
        var path = $"{options.LenderId}/{name}";
        await pipeline.Storage.Container(container).GetBlobClient(path).UploadAsync(BinaryData.FromString(csv), overwrite: true, cancellationToken);
        return path;
    }

    /// <summary>Each newly delivered collection message may lead its borrower to pay within a few days, or to reply.</summary>
    private async Task ReactToDeliveriesAsync(LenderSettings lender, CancellationToken cancellationToken)
    {
        var delivered = pipeline.Emulator?.Delivered ?? [];
        for (; deliveredCursor < delivered.Count; deliveredCursor++)
        {
            var message = delivered[deliveredCursor];
            if (!byPhone.TryGetValue(message.To, out var borrower) || StageOf(message.Tag) is not { IsCollection: true } stage)
            {
                continue;
            }

            if (!paidLoans.Contains(borrower.LoanId)
                && options.Model.PayAfterMessageByTone.TryGetValue(stage.Tone, out var payChance) && random.NextDouble() < payChance)
            {
                var paidAt = message.AcceptedAt + TimeSpan.FromHours(random.Next(1, options.Model.ResponseWindowDays * 24));
                SchedulePayment(borrower, paidAt);
            }

            foreach (var (reply, chance) in options.Model.ReplyProbability)
            {
                if (random.NextDouble() < chance)
                {
                    var text = borrower.Language == Languages.Chinese ? ChineseReply(reply) : reply;
                    await pipeline.Emulator!.PostInboundSmsAsync(borrower.Phone, message.From, text, cancellationToken);
                    repliesSent[reply] = repliesSent.GetValueOrDefault(reply) + 1;
                    break;
                }
            }
        }
    }

    /// <summary>On the due date, some borrowers pay on their own, as they would with no messages at all.</summary>
    private void DecideBaselinePayments(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var borrower in book.Where(b => b.DueDate == today && decidedBaseline.Add(b.LoanId)))
        {
            var chance = options.Model.PayOnTimeBySegment.GetValueOrDefault(borrower.Segment, 0.6);
            if (random.NextDouble() < chance)
            {
                SchedulePayment(borrower, now + TimeSpan.FromHours(random.Next(0, 12)));
            }
        }
    }

    private void SchedulePayment(SampleBorrower borrower, DateTimeOffset paidAt)
    {
        if (paidLoans.Add(borrower.LoanId))
        {
            pendingPayments.Add((borrower, paidAt));
        }
    }

    private async Task UploadDuePaymentsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = pendingPayments.Where(p => p.PaidAt <= now).ToList();
        if (due.Count == 0)
        {
            return;
        }

        pendingPayments.RemoveAll(p => p.PaidAt <= now);
        var csv = new StringBuilder("loan_id,installment_no,amount_paid,paid_at\r\n");
        foreach (var (borrower, paidAt) in due)
        {
            csv.Append(borrower.LoanId).Append(",1,").Append(borrower.Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
               .Append(paidAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\r\n");
        }

        await UploadAsync(PipelineNames.PaymentsContainer, $"payments-{now:yyyyMMdd}.csv", csv.ToString(), cancellationToken);
    }

    private static Stage? StageOf(string? tag)
    {
        var parts = tag?.Split(':');
        return parts is { Length: 4 } && Stage.TryParse(parts[3], out var stage) ? stage : null;
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
}

public sealed record SimulationResult(
    SimulationOptions Options,
    IngestSummary Upload,
    IReadOnlyList<DeliveredSms> Delivered,
    IReadOnlyDictionary<string, int> RepliesSent,
    int LoansPaid,
    DateTimeOffset EndedAt);
