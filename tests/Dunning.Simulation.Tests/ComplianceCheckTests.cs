using Dunning.Core;
using Dunning.Local.Report;

namespace Dunning.Simulation.Tests;

public sealed class ComplianceCheckTests
{
    private const string Shanghai = "+8613900000001";
    private const string NewYork = "+12125550100";
    private static readonly Stage T0 = Stage.AtOffset(0);
    private static readonly Stage T3 = Stage.AtOffset(3);
    private static readonly Dictionary<string, DateTimeOffset> None = [];

    private static TimeZoneInfo ZoneOf(string phone) =>
        TimeZoneInfo.FindSystemTimeZoneById(phone == NewYork ? "America/New_York" : "Asia/Shanghai");

    private static SentMessage Message(string to, Stage stage, DateTimeOffset at, string? account = "L1#1") => new(to, stage, account, at);

    [Fact]
    public void Check_MessageAtLocalNight_CountsQuietHoursInBorrowersZone()
    {
        // 13:30 UTC is 21:30 in Shanghai (quiet) and 08:30 in New York (allowed).
        var at = new DateTimeOffset(2027, 1, 10, 13, 30, 0, TimeSpan.Zero);
        var figures = ComplianceCheck.Check([Message(Shanghai, T0, at), Message(NewYork, T0, at, "L2#1")], ZoneOf, None, None);
        Assert.Equal(1, figures.InQuietHours);
    }

    [Fact]
    public void Check_AcrossUsDstStart_UsesTheLocalOffsetOfTheDay()
    {
        // 14 Mar 2027 US clocks go forward: 12:30 UTC is 08:30 EDT (allowed), while it was 07:30 EST the day before.
        var after = new DateTimeOffset(2027, 3, 14, 12, 30, 0, TimeSpan.Zero);
        var before = new DateTimeOffset(2027, 3, 13, 12, 30, 0, TimeSpan.Zero);
        Assert.Equal(0, ComplianceCheck.Check([Message(NewYork, T0, after)], ZoneOf, None, None).InQuietHours);
        Assert.Equal(1, ComplianceCheck.Check([Message(NewYork, T0, before)], ZoneOf, None, None).InQuietHours);
    }

    [Fact]
    public void Check_TwoMessagesOnOneLocalDay_CountsOneOverDailyCap()
    {
        // 01:00 and 12:00 UTC are 09:00 and 20:00 on the same Shanghai day.
        var day = new DateTimeOffset(2027, 1, 10, 1, 0, 0, TimeSpan.Zero);
        var figures = ComplianceCheck.Check([Message(Shanghai, T0, day), Message(Shanghai, Stage.ThankYou, day.AddHours(11))], ZoneOf, None, None);
        Assert.Equal(1, figures.OverDailyCap);
    }

    [Fact]
    public void Check_DifferentUtcDaysButOneLocalDay_IsOverDailyCap()
    {
        var morning = new DateTimeOffset(2027, 1, 10, 14, 0, 0, TimeSpan.Zero); // 09:00 in New York, 10 Jan
        var evening = new DateTimeOffset(2027, 1, 11, 1, 0, 0, TimeSpan.Zero);  // 20:00 in New York, still 10 Jan
        var figures = ComplianceCheck.Check([Message(NewYork, T0, morning), Message(NewYork, T3, evening)], ZoneOf, None, None);
        Assert.Equal(1, figures.OverDailyCap);
    }

    [Fact]
    public void Check_FourMessagesInSevenDays_CountsOneOverWeeklyCap()
    {
        var start = new DateTimeOffset(2027, 1, 10, 2, 0, 0, TimeSpan.Zero);
        var sent = Enumerable.Range(0, 4).Select(d => Message(Shanghai, Stage.AtOffset(d), start.AddDays(d * 2))).ToList();
        Assert.Equal(1, ComplianceCheck.Check(sent, ZoneOf, None, None).OverWeeklyCap);
    }

    [Fact]
    public void Check_FourthMessageExactlySevenDaysLater_IsNotOverWeeklyCap()
    {
        var start = new DateTimeOffset(2027, 1, 10, 2, 0, 0, TimeSpan.Zero);
        DateTimeOffset[] times = [start, start.AddDays(2), start.AddDays(4), start.AddDays(7)];
        var sent = times.Select(t => Message(Shanghai, T0, t)).ToList();
        Assert.Equal(0, ComplianceCheck.Check(sent, ZoneOf, None, None).OverWeeklyCap);
    }

    [Fact]
    public void Check_RepliesAreExemptFromQuietHoursAndCaps()
    {
        var night = new DateTimeOffset(2027, 1, 10, 15, 0, 0, TimeSpan.Zero); // 23:00 Shanghai
        var sent = Enumerable.Range(0, 5).Select(i => Message(Shanghai, Stage.Reply, night.AddMinutes(i), null)).ToList();
        var figures = ComplianceCheck.Check(sent, ZoneOf, None, None);
        Assert.Equal(5, figures.Messages);
        Assert.Equal(0, figures.Violations);
    }

    [Fact]
    public void Check_MessageAfterOptOut_IsCounted_AndOneBeforeIsNot()
    {
        var optOut = new DateTimeOffset(2027, 1, 10, 3, 0, 0, TimeSpan.Zero);
        var sent = new[] { Message(Shanghai, T0, optOut.AddHours(-1)), Message(Shanghai, T3, optOut.AddDays(3)) };
        var figures = ComplianceCheck.Check(sent, ZoneOf, new Dictionary<string, DateTimeOffset> { [Shanghai] = optOut }, None);
        Assert.Equal(1, figures.AfterOptOut);
    }

    [Fact]
    public void Check_CollectionMessageAfterPayment_IsCounted_ButThankYouIsNot()
    {
        var paid = new DateTimeOffset(2027, 1, 10, 3, 0, 0, TimeSpan.Zero);
        var sent = new[] { Message(Shanghai, Stage.ThankYou, paid.AddHours(1)), Message(Shanghai, T3, paid.AddDays(3)) };
        var figures = ComplianceCheck.Check(sent, ZoneOf, None, new Dictionary<string, DateTimeOffset> { ["L1#1"] = paid });
        Assert.Equal(1, figures.AfterPayment);
    }
}
