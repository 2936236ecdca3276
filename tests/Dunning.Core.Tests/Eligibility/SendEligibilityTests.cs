using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.Events;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Personalization;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Core.Tests.Eligibility;

public sealed class SendEligibilityTests
{
    private readonly InMemoryCapLedger capLedger = new();

    private (SendEligibility Eligibility, InMemoryDirectories Directories) Build(
        LenderSettings? lender = null, Borrower? borrower = null, Installment? installment = null, PhoneStatus? phone = null)
    {
        var directories = InMemoryDirectories.With(lender ?? TestData.Lender(), borrower ?? TestData.Borrower(), installment ?? TestData.Installment());
        if (phone is not null)
        {
            directories.Phones[phone.PhoneHash] = phone;
        }

        directories.Caps = capLedger;
        return (new SendEligibility(directories, directories, directories, capLedger, new FakeTimeProvider()), directories);
    }

    private static EligibilityRequest Request(string stage, DateTimeOffset now, MessageKind kind = MessageKind.Scheduled, string lenderId = TestData.LenderId, string jobId = "job-1") =>
        new(jobId, lenderId, "b-1", "L-1", 3, stage, kind, now);

    [Fact]
    public async Task CheckAsync_EligibleMorning_Sends()
    {
        var (eligibility, _) = Build();

        var decision = await eligibility.CheckAsync(Request("T-3", TestData.ShanghaiMorningOf("T-3")));

        Assert.Equal(Verdict.Send, decision.Verdict);
    }

    public static TheoryData<string, string> Suppressions => new()
    {
        { "unknown-lender", SuppressionReasons.UnknownLender },
        { "unknown-borrower", SuppressionReasons.UnknownBorrower },
        { "unknown-installment", SuppressionReasons.UnknownInstallment },
        { "borrower-no-consent", SuppressionReasons.NoConsent },
        { "installment-no-consent", SuppressionReasons.NoConsent },
        { "opted-out", SuppressionReasons.OptedOut },
        { "wrong-number", SuppressionReasons.WrongNumber },
        { "paid", SuppressionReasons.Paid },
        { "paused-paid-reply", SuppressionReasons.Paused },
        { "paused-plan", SuppressionReasons.Paused },
        { "superseded", SuppressionReasons.Superseded },
        { "not-configured", SuppressionReasons.NotInCadence },
        { "thanks-unpaid", SuppressionReasons.NotPaid },
    };

    [Theory]
    [MemberData(nameof(Suppressions))]
    public async Task CheckAsync_EachReason_Suppresses(string scenario, string reason)
    {
        var lender = TestData.Lender();
        var borrower = TestData.Borrower();
        var installment = TestData.Installment();
        PhoneStatus? phone = null;
        var stage = scenario == "paused-plan" ? "T+3" : scenario == "thanks-unpaid" ? Stage.ThankYouName : "T-3";
        var now = TestData.ShanghaiMorningOf(stage == Stage.ThankYouName ? "T0" : stage);
        var lenderId = TestData.LenderId;
        switch (scenario)
        {
            case "unknown-lender": lenderId = "nobody"; break;
            case "unknown-borrower": borrower = borrower with { BorrowerId = "b-2" }; break;
            case "unknown-installment": installment = installment with { LoanId = "L-9" }; break;
            case "borrower-no-consent": borrower = borrower with { Consent = false }; break;
            case "installment-no-consent": installment = installment with { Consent = false }; break;
            case "opted-out": phone = new PhoneStatus { LenderId = lenderId, PhoneHash = borrower.PhoneHash, OptedOut = true }; break;
            case "wrong-number": phone = new PhoneStatus { LenderId = lenderId, PhoneHash = borrower.PhoneHash, WrongNumber = true }; break;
            case "paid": installment = installment with { AmountPaid = installment.AmountDue.Amount }; break;
            case "paused-paid-reply": installment = installment with { PausedUntil = now.AddDays(1) }; break;
            case "paused-plan": installment = installment with { PlanRequested = true }; break;
            case "superseded": now = TestData.ShanghaiMorningOf("T-1"); break;
            case "not-configured": lender = lender with { Stages = ["T-7", "T0"] }; break;
        }

        var (eligibility, _) = Build(lender, borrower, installment, phone);

        var decision = await eligibility.CheckAsync(Request(stage, now, lenderId: lenderId));

        Assert.Equal(Verdict.Suppress, decision.Verdict);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public async Task CheckAsync_PausedUntilPassed_Sends()
    {
        var now = TestData.ShanghaiMorningOf("T-3");
        var (eligibility, _) = Build(installment: TestData.Installment() with { PausedUntil = now.AddMinutes(-1) });

        Assert.Equal(Verdict.Send, (await eligibility.CheckAsync(Request("T-3", now))).Verdict);
    }

    [Fact]
    public async Task CheckAsync_PlanRequestedBeforeDueDate_StillReminds()
    {
        var (eligibility, _) = Build(installment: TestData.Installment() with { PlanRequested = true });

        Assert.Equal(Verdict.Send, (await eligibility.CheckAsync(Request("T0", TestData.ShanghaiMorningOf("T0")))).Verdict);
    }

    [Fact]
    public async Task CheckAsync_ThankYouForPaidInstallment_Sends()
    {
        var (eligibility, _) = Build(installment: TestData.Installment() with { AmountPaid = 1234.5m });

        Assert.Equal(Verdict.Send, (await eligibility.CheckAsync(Request(Stage.ThankYouName, TestData.ShanghaiMorningOf("T-1")))).Verdict);
    }

    [Theory]
    [InlineData("T-1", Verdict.Send)]
    [InlineData("T0", Verdict.Send)]
    [InlineData("T+1", Verdict.Suppress)]
    [InlineData("T+5", Verdict.Suppress)]
    public async Task CheckAsync_ThankYouCountsItsDaysFromThePayment(string checkedOn, Verdict expected)
    {
        // Paid on T-2 (Shanghai): the thank-you is worth sending for three local days, T-2 to T0.
        var paidAt = TestData.ShanghaiMorningOf("T-2");
        var (eligibility, _) = Build(installment: TestData.Installment() with { AmountPaid = 1234.5m, PaidAt = paidAt });

        var decision = await eligibility.CheckAsync(Request(Stage.ThankYouName, TestData.ShanghaiMorningOf(checkedOn)));

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(expected == Verdict.Send ? null : SuppressionReasons.Superseded, decision.Reason);
    }

    [Fact]
    public async Task CheckAsync_NightInBorrowersZone_DefersToMorningThere()
    {
        var (eligibility, _) = Build(borrower: TestData.Borrower(Languages.English, "America/New_York"));
        // 22:00 on T-3 in New York (11:00 the next day in Shanghai): defer to 08:00 New York.
        var now = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);

        var decision = await eligibility.CheckAsync(Request("T-3", now));

        Assert.Equal(Verdict.Defer, decision.Verdict);
        Assert.Equal(SuppressionReasons.QuietHours, decision.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.FromHours(-5)), decision.DeferUntil);
    }

    [Fact]
    public async Task CheckAsync_StageDayNotBegunLocally_DefersToThatDay()
    {
        var (eligibility, _) = Build(borrower: TestData.Borrower(Languages.English, "America/New_York"));
        // 11:00 on 26 Nov in New York: T-3 (27 Nov) has not begun there yet.
        var now = new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero);

        var decision = await eligibility.CheckAsync(Request("T-3", now));

        Assert.Equal(SuppressionReasons.NotYetDue, decision.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.FromHours(-5)), decision.DeferUntil);
    }

    [Fact]
    public async Task CheckAsync_NoSendDay_Defers()
    {
        // 27 Nov 2026 is a Friday.
        var (eligibility, _) = Build(lender: TestData.Lender() with { NoSendDays = [DayOfWeek.Friday] });

        var decision = await eligibility.CheckAsync(Request("T-3", TestData.ShanghaiMorningOf("T-3")));

        Assert.Equal(SuppressionReasons.NoSendDay, decision.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.FromHours(8)), decision.DeferUntil);
    }

    [Fact]
    public async Task CheckAndReserveAsync_SecondJobSameDay_IsDeferredButSameJobIsIdempotent()
    {
        var (eligibility, directories) = Build();
        directories.Installments[new InstallmentKey(TestData.LenderId, "L-2", 1)] = TestData.Installment() with { LoanId = "L-2", InstallmentNo = 1 };
        var now = TestData.ShanghaiMorningOf("T-3");

        var first = await eligibility.CheckAndReserveAsync(Request("T-3", now, jobId: "job-1"));
        var again = await eligibility.CheckAndReserveAsync(Request("T-3", now.AddMinutes(5), jobId: "job-1"));
        var other = await eligibility.CheckAndReserveAsync(new EligibilityRequest("job-2", TestData.LenderId, "b-1", "L-2", 1, "T-3", MessageKind.Scheduled, now.AddMinutes(10)));

        Assert.Equal(Verdict.Send, first.Verdict);
        Assert.Equal(Verdict.Send, again.Verdict);
        Assert.Equal(SuppressionReasons.OverDailyCap, other.Reason);
        Assert.Single(await capLedger.GetAsync(TestData.LenderId, TestData.Borrower().PhoneHash));
    }

    [Fact]
    public async Task CheckAsync_OptOutConfirmation_GoesToTheOptedOutNumberAtMidnightWithoutACapSlot()
    {
        var borrower = TestData.Borrower();
        var (eligibility, _) = Build(phone: new PhoneStatus { LenderId = TestData.LenderId, PhoneHash = borrower.PhoneHash, OptedOut = true });
        var midnight = new DateTimeOffset(2026, 11, 27, 0, 30, 0, TimeSpan.FromHours(8));

        var decision = await eligibility.CheckAndReserveAsync(ReplyRequest(ReplyKind.OptOutConfirmation, midnight));

        Assert.Equal(Verdict.Send, decision.Verdict);
        Assert.Empty(await capLedger.GetAsync(TestData.LenderId, TestData.Borrower().PhoneHash));
    }

    [Theory]
    [InlineData(ReplyKind.Help)]
    [InlineData(ReplyKind.PlanReply)]
    [InlineData(ReplyKind.PaidAcknowledgement)]
    public async Task CheckAsync_OtherReplyToANumberOptedOutSinceItWasQueued_Suppressed(ReplyKind kind)
    {
        var borrower = TestData.Borrower();
        var (eligibility, _) = Build(phone: new PhoneStatus { LenderId = TestData.LenderId, PhoneHash = borrower.PhoneHash, OptedOut = true });
        var noon = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.FromHours(8));

        var decision = await eligibility.CheckAndReserveAsync(ReplyRequest(kind, noon));

        Assert.Equal((Verdict.Suppress, SuppressionReasons.OptedOut), (decision.Verdict, decision.Reason));
    }

    [Fact]
    public async Task CheckAsync_HelpReplyAtMidnight_SendsWithoutACapSlot()
    {
        var (eligibility, _) = Build();
        var midnight = new DateTimeOffset(2026, 11, 27, 0, 30, 0, TimeSpan.FromHours(8));

        var decision = await eligibility.CheckAndReserveAsync(ReplyRequest(ReplyKind.Help, midnight));

        Assert.Equal(Verdict.Send, decision.Verdict);
        Assert.Empty(await capLedger.GetAsync(TestData.LenderId, TestData.Borrower().PhoneHash));
    }

    [Fact]
    public async Task CheckAndReserveAsync_MessageFromPersonalize_DecidesWithoutTheBorrowerRowAndClaimsTheNumbersSlot()
    {
        var (eligibility, directories) = Build();
        directories.Borrowers.Clear();
        var now = TestData.ShanghaiMorningOf("T-3");

        var decision = await eligibility.CheckAndReserveAsync(FromPersonalize(now));

        Assert.Equal(Verdict.Send, decision.Verdict);
        Assert.Equal("job-1", Assert.Single(await capLedger.GetAsync(TestData.LenderId, TestData.Borrower().PhoneHash)).JobId);
    }

    [Fact]
    public async Task CheckAndReserveAsync_MessageFromPersonalizeForAnInstallmentPaidSince_IsSuppressedOnTheFreshInstallment()
    {
        var (eligibility, directories) = Build();
        var now = TestData.ShanghaiMorningOf("T-3");
        var key = new InstallmentKey(TestData.LenderId, "L-1", 3);
        directories.Installments[key] = directories.Installments[key] with { AmountPaid = directories.Installments[key].AmountDue.Amount, PaidAt = now.AddMinutes(-5) };

        var decision = await eligibility.CheckAndReserveAsync(FromPersonalize(now));

        Assert.Equal((Verdict.Suppress, SuppressionReasons.Paid), (decision.Verdict, decision.Reason));
        Assert.Empty(await capLedger.GetAsync(TestData.LenderId, TestData.Borrower().PhoneHash));
    }

    private static EligibilityRequest FromPersonalize(DateTimeOffset now) =>
        Request("T-3", now) with
        {
            PhoneHash = TestData.Borrower().PhoneHash,
            Known = new KnownFacts(TimeZone: "Asia/Shanghai", SentFromPersonalize: true),
        };

    private static EligibilityRequest ReplyRequest(ReplyKind kind, DateTimeOffset now) =>
        new("reply-1", TestData.LenderId, "b-1", null, null, Stage.ReplyName, MessageKind.Reply, now, ReplyTemplateIds.For(kind));
}
