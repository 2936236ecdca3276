using Dunning.AcsEmulator;
using Dunning.Core.Sending;
using Dunning.Local.Diagnostics.Chaos;

namespace Dunning.Diagnostics.Tests;

public sealed class ChaosInvariantsTests
{
    private const string Phone = "+8613900000001";
    private const string Lender = "acme";

    // 02:00Z is 10:00 in Shanghai: inside the 08:00-21:00 window.
    private static readonly DateTimeOffset Morning = new(2030, 6, 12, 2, 0, 0, TimeSpan.Zero);

    private static DeliveredSms Sms(string tag, DateTimeOffset at, string to = Phone) =>
        new(Guid.NewGuid().ToString("N"), "+18005550100", to, "text", null, tag, at);

    private static SendRecord Row(string jobId, SendState state) => new()
    {
        JobId = jobId,
        LenderId = Lender,
        BorrowerId = "B1",
        BorrowerKey = "k",
        Stage = "T-3",
        TemplateId = "t",
        Kind = MessageKind.Scheduled,
        State = state,
        CreatedAt = Morning,
    };

    private static ChaosObservations Observe(IReadOnlyList<DeliveredSms> delivered, IReadOnlyList<SendRecord>? ledger = null, IReadOnlySet<string>? expected = null) => new()
    {
        Delivered = delivered,
        Ledger = ledger ?? [.. delivered.Select(d => Row(d.Tag!, SendState.Sent))],
        ExpectedJobIds = expected ?? new HashSet<string>(),
        TimeZoneByPhone = new Dictionary<string, string> { [Phone] = "Asia/Shanghai", ["+8613900000002"] = "Asia/Shanghai" },
    };

    [Fact]
    public void Check_CleanRun_FindsNothing()
    {
        var findings = ChaosInvariants.Check(Observe([Sms("acme:L1:1:T-3", Morning)]));

        Assert.True(findings.AllZero, findings.ToString());
    }

    [Fact]
    public void Check_SendAt2230BorrowerLocal_ReportsOneQuietHourSend()
    {
        var findings = ChaosInvariants.Check(Observe([Sms("acme:L1:1:T-3", new DateTimeOffset(2030, 6, 12, 14, 30, 0, TimeSpan.Zero))]));

        Assert.Equal(1, findings.SentInQuietHours);
    }

    [Fact]
    public void Check_ReplyAtNight_IsNotAQuietHourSend()
    {
        var findings = ChaosInvariants.Check(Observe([Sms("acme:reply:Incoming_1", new DateTimeOffset(2030, 6, 12, 14, 30, 0, TimeSpan.Zero))]));

        Assert.Equal(0, findings.SentInQuietHours);
    }

    [Fact]
    public void Check_SameTagDeliveredTwice_ReportsOneDuplicate()
    {
        var findings = ChaosInvariants.Check(Observe([Sms("acme:L1:1:T-3", Morning), Sms("acme:L1:1:T-3", Morning.AddMinutes(1))]));

        Assert.Equal(1, findings.DuplicatesDelivered);
    }

    [Fact]
    public void Check_ExpectedJobWithoutRowAndRowStuckSending_ReportsTwoLost()
    {
        var findings = ChaosInvariants.Check(Observe([], [Row("acme:L2:1:T-3", SendState.Sending), Row("acme:L3:1:T-3", SendState.Suppressed)],
            new HashSet<string> { "acme:L1:1:T-3", "acme:L2:1:T-3", "acme:L3:1:T-3" }));

        Assert.Equal(2, findings.JobsLost);
    }

    [Fact]
    public void Check_ScheduledSendAfterOptOut_CountsButTheConfirmationDoesNot()
    {
        var observed = Observe([Sms("acme:L1:1:T-3", Morning.AddMinutes(5)), Sms("acme:reply:Incoming_9", Morning.AddMinutes(1))]) with
        {
            OptedOutAtByPhone = new Dictionary<string, DateTimeOffset> { [Phone] = Morning },
        };

        Assert.Equal(1, ChaosInvariants.Check(observed).SentAfterOptOut);
    }

    [Fact]
    public void Check_ReminderAfterPayment_CountsButTheThankYouDoesNot()
    {
        var observed = Observe([Sms("acme:L1:1:T-3", Morning.AddMinutes(5)), Sms("acme:L1:1:THANKS", Morning.AddMinutes(6), "+8613900000002")]) with
        {
            PaidAtByInstallment = new Dictionary<string, DateTimeOffset> { ["L1:1"] = Morning },
        };

        Assert.Equal(1, ChaosInvariants.Check(observed).SentAfterPayment);
    }

    [Fact]
    public void Check_TwoScheduledOnOneLocalDay_ReportsOneOverTheDailyCap()
    {
        var findings = ChaosInvariants.Check(Observe([Sms("acme:L1:1:T-3", Morning), Sms("acme:L2:1:T-3", Morning.AddHours(3))]));

        Assert.Equal(1, findings.OverDailyCap);
    }

    [Fact]
    public void Check_FourScheduledInSevenDays_ReportsOneOverTheWeeklyCap()
    {
        var findings = ChaosInvariants.Check(Observe([.. Enumerable.Range(0, 4).Select(day => Sms($"acme:L{day}:1:T-3", Morning.AddDays(day)))]));

        Assert.Equal((0, 1), (findings.OverDailyCap, findings.OverWeeklyCap));
    }

    [Theory]
    [InlineData("acme:L1:2:T+3", false, "L1:2")]
    [InlineData("acme:reply:Incoming_1", true, null)]
    public void Parse_Tag_ReadsInstallmentOrReply(string tag, bool isReply, string? installmentKey)
    {
        var parsed = JobTag.Parse(tag);

        Assert.Equal((isReply, installmentKey), (parsed.IsReply, parsed.InstallmentKey));
    }
}
