using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;
using Dunning.Core.Tests.Personalization;
using TestData = Dunning.Core.Tests.Personalization.TestData;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Dunning.Core.Tests.Eligibility;

public sealed class CapPolicyTests
{
    private static readonly LenderSettings Lender = TestData.Lender();
    private static readonly SendWindow Shanghai = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), QuietHours.Default, []);
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    [Fact]
    public void Evaluate_NoEntries_Sends() =>
        Assert.Equal(Verdict.Send, CapPolicy.Evaluate([], "j", new DateTimeOffset(2026, 11, 27, 10, 0, 0, Cst), Shanghai, Lender).Verdict);

    [Fact]
    public void Evaluate_AlreadySentToday_DefersToEightTomorrow()
    {
        var entries = new[] { new CapEntry("other", new DateTimeOffset(2026, 11, 27, 9, 0, 0, Cst)) };

        var decision = CapPolicy.Evaluate(entries, "j", new DateTimeOffset(2026, 11, 27, 15, 0, 0, Cst), Shanghai, Lender);

        Assert.Equal(Verdict.Defer, decision.Verdict);
        Assert.Equal(SuppressionReasons.OverDailyCap, decision.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, Cst), decision.DeferUntil);
    }

    [Fact]
    public void Evaluate_SameJobHoldsSlot_Sends()
    {
        var entries = new[] { new CapEntry("j", new DateTimeOffset(2026, 11, 27, 9, 0, 0, Cst)) };

        Assert.Equal(Verdict.Send, CapPolicy.Evaluate(entries, "j", new DateTimeOffset(2026, 11, 27, 15, 0, 0, Cst), Shanghai, Lender).Verdict);
    }

    [Fact]
    public void Evaluate_RetryOfYesterdaysClaimOnADayAnotherJobAlreadyUsed_Defers()
    {
        // "j" claimed its slot at 20:59 yesterday but only goes out today (quiet hours, a throttle);
        // "k" was sent at 09:00 today. Sending "j" now would be the second message today.
        var entries = new[]
        {
            new CapEntry("j", new DateTimeOffset(2026, 11, 26, 20, 59, 0, Cst)),
            new CapEntry("k", new DateTimeOffset(2026, 11, 27, 9, 0, 0, Cst)),
        };

        var decision = CapPolicy.Evaluate(entries, "j", new DateTimeOffset(2026, 11, 27, 10, 0, 0, Cst), Shanghai, Lender);

        Assert.Equal((Verdict.Defer, SuppressionReasons.OverDailyCap), (decision.Verdict, decision.Reason));
    }

    [Fact]
    public void Evaluate_ThreeInSevenDays_DefersUntilOldestAgesOut()
    {
        var entries = new[]
        {
            new CapEntry("a", new DateTimeOffset(2026, 11, 22, 10, 0, 0, Cst)),
            new CapEntry("b", new DateTimeOffset(2026, 11, 24, 10, 0, 0, Cst)),
            new CapEntry("c", new DateTimeOffset(2026, 11, 26, 10, 0, 0, Cst)),
        };

        var decision = CapPolicy.Evaluate(entries, "j", new DateTimeOffset(2026, 11, 27, 10, 0, 0, Cst), Shanghai, Lender);

        Assert.Equal(SuppressionReasons.OverWeeklyCap, decision.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 10, 0, 1, Cst), decision.DeferUntil);
    }

    [Property(MaxTest = 100)]
    public Property ReserveAsync_RandomJobSequences_NeverExceedCaps()
    {
        var zones = Gen.Elements("Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Pacific/Chatham");
        var steps = Gen.Choose(1, 20 * 60).ListOf(30);
        var caps = Gen.Elements((1, 3), (2, 3), (1, 1), (3, 5));
        var cases = from zone in zones from gaps in steps from cap in caps select (zone, gaps, cap);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var lender = Lender with { MaxMessagesPerDay = c.cap.Item1, MaxMessagesPer7Days = c.cap.Item2 };
            var window = new SendWindow(TimeZoneInfo.FindSystemTimeZoneById(c.zone), QuietHours.Default, []);
            var ledger = new InMemoryCapLedger();
            var now = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
            var job = 0;
            foreach (var gap in c.gaps)
            {
                now = now.AddMinutes(gap);
                var jobId = "job-" + (job++ % 40);
                _ = ledger.ReserveAsync("acme", "b", jobId, now, entries => CapPolicy.Evaluate(entries, jobId, now, window, lender)).Result;
            }

            var sent = ledger.GetAsync("acme", "b").Result;
            var perDay = sent.GroupBy(e => window.LocalDate(e.SentAt)).All(g => g.Count() <= lender.MaxMessagesPerDay);
            var perWeek = sent.All(e => CapPolicy.CountInRollingWindow(sent, e.SentAt) <= lender.MaxMessagesPer7Days);
            return perDay && perWeek;
        });
    }

    [Property(MaxTest = 100)]
    public Property Evaluate_Deferral_IsUnderCapsAndInsideWindow()
    {
        var offsets = Gen.Choose(0, 7 * 24 * 60).ListOf(3);
        var nows = Gen.Choose(0, 60 * 24 * 60);
        var cases = from o in offsets from n in nows select (o, n);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
            var now = start.AddMinutes(c.n + 7 * 24 * 60);
            var entries = c.o.Select((m, i) => new CapEntry("e" + i, now.AddMinutes(-m))).ToList();
            var decision = CapPolicy.Evaluate(entries, "j", now, Shanghai, Lender);
            if (decision.Verdict != Verdict.Defer)
            {
                return decision.Verdict == Verdict.Send;
            }

            var at = decision.DeferUntil!.Value;
            return at > now && Shanghai.Allows(at)
                && CapPolicy.CountOnLocalDay(entries, at, Shanghai) < Lender.MaxMessagesPerDay
                && CapPolicy.CountInRollingWindow(entries, at) < Lender.MaxMessagesPer7Days;
        });
    }
}
