using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Core.Tests.Personalization;

public sealed class PersonalizeReminderHandlerTests
{
    private readonly RecordingOutbox outbox = new();
    private readonly RecordingJobQueue jobQueue = new();
    private readonly InMemoryContactLog contactLog = new();
    private readonly Dunning.Core.Tests.Events.Fakes.InMemorySendLedger ledger = new();
    private readonly InMemoryTemplateStore templateStore = new();
    private readonly FakeTimeProvider time = new();

    private PersonalizeReminderHandler Build(InMemoryDirectories directories, DateTimeOffset now)
    {
        time.SetUtcNow(now);
        var eligibility = new SendEligibility(directories, directories, directories, new InMemoryCapLedger(), time);
        return new PersonalizeReminderHandler(
            directories, directories, directories, eligibility,
            new TemplateCatalog(templateStore, NullLogger<TemplateCatalog>.Instance),
            outbox, jobQueue, contactLog, ledger, time, NullLogger<PersonalizeReminderHandler>.Instance);
    }

    private static InMemoryDirectories Directories(string language = Languages.Chinese, Borrower? borrower = null, LenderSettings? lender = null) =>
        InMemoryDirectories.With(lender ?? TestData.Lender(), borrower ?? TestData.Borrower(language), TestData.Installment());

    public static TheoryData<string, string, Tone> StagesAndLanguages()
    {
        var data = new TheoryData<string, string, Tone>();
        foreach (var stage in Stage.DefaultCadence)
        {
            foreach (var language in Languages.Supported)
            {
                data.Add(stage.Name, language, stage.Tone);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StagesAndLanguages))]
    public async Task HandleAsync_EachStage_QueuesMessageInItsTone(string stage, string language, Tone tone)
    {
        var handler = Build(Directories(language), TestData.ShanghaiMorningOf(stage));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job(stage)]));

        var message = Assert.Single(outbox.Messages);
        Assert.Equal(TestData.Job(stage).JobId, message.JobId);
        Assert.Equal("hash-b-1", message.BorrowerKey);
        Assert.Equal("+8613800138000", message.To);
        Assert.Equal(stage, message.Stage);
        Assert.Equal(MessageKind.Scheduled, message.Kind);
        Assert.Equal(time.GetUtcNow(), message.EarliestSendAt);
        Assert.True(message.LatestSendAt > message.EarliestSendAt);
        Assert.Contains(language == Languages.Chinese ? "¥1,234.50" : "CNY 1,234.50", message.Text, StringComparison.Ordinal);
        var templateName = stage == "T0" ? "T0" : TemplateNames.ForTone(tone);
        Assert.Equal($"default/{templateName}.{language}.liquid", message.TemplateId);
        var expectedMarker = (tone, language) switch
        {
            (Tone.Reminder, Languages.Chinese) => "还款日",
            (Tone.Reminder, _) => "due",
            (Tone.WarmNotice, Languages.Chinese) => "我们愿意协助您",
            (Tone.WarmNotice, _) => "we will help",
            (Tone.FormalNotice, Languages.Chinese) => "征信",
            _ => "credit record",
        };
        Assert.Contains(expectedMarker, message.Text, StringComparison.Ordinal);
        Assert.Equal(message.Segments, SmsSegments.Measure(message.Text).Segments);
        Assert.Equal(Verdict.Send, Assert.Single(contactLog.Decisions).Decision);
    }

    [Fact]
    public async Task HandleAsync_ThankYouForPaidInstallment_Thanks()
    {
        var directories = Directories();
        directories.Installments[TestData.Installment().Key] = TestData.Installment() with { AmountPaid = 1234.5m, PaidAt = TestData.ShanghaiMorningOf("T-1") };
        var handler = Build(directories, TestData.ShanghaiMorningOf("T-1"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job(Stage.ThankYouName)]));

        var message = Assert.Single(outbox.Messages);
        Assert.Contains("感谢", message.Text, StringComparison.Ordinal);
        Assert.Equal("default/thank-you.zh-CN.liquid", message.TemplateId);
    }

    [Fact]
    public async Task HandleAsync_LatestSendAt_IsWindowEndBeforeNextStage()
    {
        var handler = Build(Directories(), TestData.ShanghaiMorningOf("T-3"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3")]));

        // T-1 is 29 Nov: T-3 stays current until 21:00 on 28 Nov in Shanghai.
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 21, 0, 0, TimeSpan.FromHours(8)), outbox.Messages[0].LatestSendAt);
    }

    [Fact]
    public async Task HandleAsync_HighSegmentWarmNotice_OffersPlanLink()
    {
        var handler = Build(Directories(borrower: TestData.Borrower() with { Segment = "high" }), TestData.ShanghaiMorningOf("T+1"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T+1")]));

        Assert.Contains("https://plan.example.cn/p", outbox.Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_OrdinaryWarmNotice_HasNoPlanLink()
    {
        var handler = Build(Directories(), TestData.ShanghaiMorningOf("T+1"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T+1")]));

        Assert.DoesNotContain("https://plan.example.cn/p", outbox.Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlePoisonAsync_MarksEachJobFailedButLeavesAJobThatAlreadyHasAState()
    {
        var handler = Build(Directories(), TestData.ShanghaiMorningOf("T-3"));
        var sent = ledger.Add(new SendRecord
        {
            JobId = TestData.Job("T-3").JobId, LenderId = TestData.Job("T-3").LenderId, BorrowerId = "b", BorrowerKey = "k",
            Stage = "T-3", TemplateId = "t", Kind = MessageKind.Scheduled, State = SendState.Sent, CreatedAt = DateTimeOffset.UnixEpoch,
        });

        await handler.HandlePoisonAsync(new ReminderJobBatch([TestData.Job("T-3"), TestData.Job("T0")]));

        Assert.Equal(SendState.Sent, ledger.Rows.Single(r => r.JobId == sent.JobId).State);
        var poisoned = ledger.Rows.Single(r => r.JobId == TestData.Job("T0").JobId);
        Assert.Equal((SendState.Failed, SuppressionReasons.Poison), (poisoned.State, poisoned.Reason));
    }

    [Fact]
    public async Task HandleAsync_CleanHistoryT7_SuppressedNotInCadence()
    {
        var handler = Build(Directories(borrower: TestData.Borrower() with { OnTimePayments = 4 }), TestData.ShanghaiMorningOf("T-7"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-7")]));

        Assert.Empty(outbox.Messages);
        var decision = Assert.Single(contactLog.Decisions);
        Assert.Equal((Verdict.Suppress, SuppressionReasons.NotInCadence), (decision.Decision, decision.Reason));
        var row = Assert.Single(ledger.Rows);
        Assert.Equal((SendState.Suppressed, SuppressionReasons.NotInCadence), (row.State, row.Reason));
    }

    [Fact]
    public async Task HandleAsync_Night_DefersSingleJobWithDelay()
    {
        var now = new DateTimeOffset(2026, 11, 27, 22, 0, 0, TimeSpan.FromHours(8));
        var handler = Build(Directories(), now);

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3")]));

        Assert.Empty(outbox.Messages);
        var (batch, delay) = Assert.Single(jobQueue.Enqueued);
        Assert.Equal(1, Assert.Single(batch.Jobs).Deferrals);
        Assert.Equal(TimeSpan.FromHours(10), delay);
        var decision = Assert.Single(contactLog.Decisions);
        Assert.Equal((Verdict.Defer, SuppressionReasons.QuietHours), (decision.Decision, decision.Reason));
    }

    [Fact]
    public async Task HandleAsync_NightBatch_GoesBackAsOneMessagePerInstantItWaitsFor()
    {
        var now = new DateTimeOffset(2026, 11, 27, 22, 0, 0, TimeSpan.FromHours(8));
        var directories = Directories();
        var tokyo = TestData.Borrower(timeZone: "Asia/Tokyo") with { BorrowerId = "b-2", PhoneHash = "hash-b-2", PhoneE164 = "+8613800138001" };
        directories.Borrowers[tokyo.BorrowerId] = tokyo;
        foreach (var (loan, borrower) in new[] { ("L-2", "b-1"), ("L-3", "b-2"), ("L-4", "b-1") })
        {
            var installment = TestData.Installment() with { LoanId = loan, BorrowerId = borrower };
            directories.Installments[installment.Key] = installment;
        }

        await Build(directories, now).HandleAsync(new ReminderJobBatch(
            [TestData.Job("T-3"), TestData.Job("T-3", loanId: "L-2"), TestData.Job("T-3", loanId: "L-3"), TestData.Job("T-3", loanId: "L-4")]));

        // 08:00 in Shanghai is 10 hours away, 08:00 in Tokyo 9.
        var requeued = jobQueue.Enqueued.OrderBy(e => e.Delay).Select(e => (e.Delay, Loans: string.Join(",", e.Batch.Jobs.Select(j => j.LoanId).Order()))).ToList();
        Assert.Equal([(TimeSpan.FromHours(9), "L-3"), (TimeSpan.FromHours(10), "L-1,L-2,L-4")], requeued);
        Assert.All(jobQueue.Enqueued.SelectMany(e => e.Batch.Jobs), job => Assert.Equal(1, job.Deferrals));
        Assert.Equal(4, contactLog.Decisions.Count(d => d.Decision == Verdict.Defer));
    }

    private static LenderSettings LenderWithSpans() => TestData.Lender() with { SendTimes = RegionDefaults.China.SendTimes };

    [Fact]
    public async Task HandleAsync_NightWithSendTimes_HoldsTheJobUntilItsMinuteInTheSpansNotTheWindowsFirst()
    {
        var night = new DateTimeOffset(2026, 11, 27, 0, 5, 0, TimeSpan.FromHours(8));
        var directories = Directories(lender: LenderWithSpans());
        var jobs = Enumerable.Range(0, 40).Select(i => TestData.Job("T-3", loanId: $"L-{i}")).ToList();
        foreach (var job in jobs)
        {
            directories.Installments[job.InstallmentKey] = TestData.Installment() with { LoanId = job.LoanId };
        }

        await Build(directories, night).HandleAsync(new ReminderJobBatch(jobs));

        var released = jobQueue.Enqueued.Select(e => TimeOnly.FromTimeSpan((night + e.Delay).ToOffset(TimeSpan.FromHours(8)).TimeOfDay)).ToList();
        Assert.Empty(outbox.Messages);
        Assert.All(released, at => Assert.Contains(RegionDefaults.China.SendTimes, span => span.From <= at && at < span.Until));
        Assert.True(released.Distinct().Count() >= 30, $"40 jobs share {released.Distinct().Count()} minutes");
        Assert.Equal(40, jobQueue.Enqueued.Sum(e => e.Batch.Jobs.Count));
    }

    [Fact]
    public async Task HandleAsync_RedeliveredOrAfterACrash_TheJobKeepsItsMinute()
    {
        var night = new DateTimeOffset(2026, 11, 27, 0, 5, 0, TimeSpan.FromHours(8));
        var job = TestData.Job("T-3");
        await Build(Directories(lender: LenderWithSpans()), night).HandleAsync(new ReminderJobBatch([job]));
        var slot = night + Assert.Single(jobQueue.Enqueued).Delay;

        // The queue delivers the same message again moments later, to the same process.
        await Build(Directories(lender: LenderWithSpans()), night.AddSeconds(40)).HandleAsync(new ReminderJobBatch([job]));
        Assert.Equal(slot, night.AddSeconds(40) + jobQueue.Enqueued[1].Delay);

        // The process died before deleting the message: another instance, fresh stores, receives it two hours later.
        var other = new PersonalizeReminderHandlerTests();
        await other.Build(Directories(lender: LenderWithSpans()), night.AddHours(2)).HandleAsync(new ReminderJobBatch([job]));
        Assert.Equal(slot, night.AddHours(2) + Assert.Single(other.jobQueue.Enqueued).Delay);

        // At its minute it goes, on whichever instance.
        var atSlot = new PersonalizeReminderHandlerTests();
        await atSlot.Build(Directories(lender: LenderWithSpans()), slot).HandleAsync(new ReminderJobBatch([job with { Deferrals = 1 }]));
        Assert.Single(atSlot.outbox.Messages);
        Assert.Empty(atSlot.jobQueue.Enqueued);
    }

    [Fact]
    public async Task HandleAsync_InWindowBeforeItsMinute_WaitsForItWithTheSendTimeReason()
    {
        var job = TestData.Job("T-3");
        var morning = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.FromHours(8));

        await Build(Directories(lender: LenderWithSpans()), morning).HandleAsync(new ReminderJobBatch([job]));

        var decision = Assert.Single(contactLog.Decisions);
        Assert.Equal((Verdict.Defer, SuppressionReasons.SendTime), (decision.Decision, decision.Reason));
        Assert.True(decision.DeferredUntil > morning);
    }

    [Fact]
    public async Task HandleAsync_UnknownInstallment_RecordsSuppression()
    {
        var handler = Build(Directories(), TestData.ShanghaiMorningOf("T-3"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3", loanId: "L-404")]));

        Assert.Equal(SuppressionReasons.UnknownInstallment, Assert.Single(contactLog.Decisions).Reason);
    }

    [Fact]
    public async Task HandleAsync_UnknownLender_RecordsSuppression()
    {
        var handler = Build(new InMemoryDirectories(), TestData.ShanghaiMorningOf("T-3"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3")]));

        Assert.Equal(SuppressionReasons.UnknownLender, Assert.Single(contactLog.Decisions).Reason);
    }

    [Fact]
    public async Task HandleAsync_OptedOut_SuppressesWithoutText()
    {
        var directories = Directories();
        directories.Phones["hash-b-1"] = new PhoneStatus { LenderId = TestData.LenderId, PhoneHash = "hash-b-1", OptedOut = true };
        var handler = Build(directories, TestData.ShanghaiMorningOf("T-3"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3")]));

        Assert.Empty(outbox.Messages);
        Assert.Equal(SuppressionReasons.OptedOut, Assert.Single(contactLog.Decisions).Reason);
    }

    [Fact]
    public async Task HandleAsync_LenderStageTemplate_IsPreferred()
    {
        await templateStore.SaveAsync(TestData.LenderId, "T-3", Languages.Chinese,
            "【{{ brand }}】{{ borrower_name }}：{{ due_date }}应还{{ amount_due }}，{{ pay_method }}还款。热线{{ hotline }}。{{ opt_out }}");
        var handler = Build(Directories(), TestData.ShanghaiMorningOf("T-3"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3")]));

        Assert.Equal("acme/T-3.zh-CN.liquid", outbox.Messages[0].TemplateId);
    }

    [Fact]
    public async Task HandleAsync_LenderTemplateThatThreatens_FallsBackToDefault()
    {
        await templateStore.SaveAsync(TestData.LenderId, "reminder", Languages.Chinese,
            "【{{ brand }}】{{ borrower_name }}：{{ due_date }}应还{{ amount_due }}，{{ pay_method }}还款，否则上门。热线{{ hotline }}。{{ opt_out }}");
        var handler = Build(Directories(), TestData.ShanghaiMorningOf("T-3"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3")]));

        Assert.Equal("default/reminder.zh-CN.liquid", outbox.Messages[0].TemplateId);
        Assert.DoesNotContain("上门", outbox.Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_NothingPassesLint_SuppressedTemplateRejected()
    {
        // A budget of one segment: no template for a Chinese reminder fits, the defaults included.
        var handler = Build(Directories(lender: TestData.Lender() with { SegmentBudget = 1 }), TestData.ShanghaiMorningOf("T-3"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3")]));

        Assert.Empty(outbox.Messages);
        Assert.Equal(SuppressionReasons.TemplateRejected, Assert.Single(contactLog.Decisions).Reason);
        var row = Assert.Single(ledger.Rows);
        Assert.Equal((SendState.Suppressed, "default/reminder.zh-CN.liquid"), (row.State, row.TemplateId));
    }

    [Fact]
    public async Task HandleAsync_EnglishReaderWithChineseNameOverBudget_SendsTheShortVariant()
    {
        // "Dear 王小明" forces UCS-2: the default English T0 needs 4 segments against the budget of 3.
        var borrower = TestData.Borrower(Languages.English) with { Name = "王小明" };
        var handler = Build(Directories(Languages.English, borrower, TestData.Lender() with { SegmentBudget = 3 }), TestData.ShanghaiMorningOf("T0"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T0")]));

        var message = Assert.Single(outbox.Messages);
        Assert.Equal(("default/T0.en.short.liquid", TextEncoding.Ucs2), (message.TemplateId, message.Encoding));
        Assert.InRange(message.Segments, 1, 3);
        var decision = Assert.Single(contactLog.Decisions);
        Assert.Equal((Verdict.Send, StageMessage.ShortVariantReason), (decision.Decision, decision.Reason));
    }

    [Fact]
    public async Task HandleAsync_Batch_HandlesEveryJob()
    {
        var handler = Build(Directories(), TestData.ShanghaiMorningOf("T-3"));

        await handler.HandleAsync(new ReminderJobBatch([TestData.Job("T-3"), TestData.Job("T-3", loanId: "L-404"), TestData.Job("T-7")]));

        Assert.Single(outbox.Messages);
        Assert.Equal(
            [SuppressionReasons.UnknownInstallment, SuppressionReasons.Superseded],
            contactLog.Decisions.Where(d => d.Decision == Verdict.Suppress).Select(d => d.Reason));
    }
}
