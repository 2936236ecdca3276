using Dunning.Core.Events;

namespace Dunning.Core.Tests.Events;

public sealed class PromisedDateTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Friday 4 December 2026, 10:00 in Shanghai.</summary>
    private static readonly DateTimeOffset FridayMorning = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("I will pay tomorrow", "2026-12-05")]
    [InlineData("will pay TMRW", "2026-12-05")]
    [InlineData("明天就还", "2026-12-05")]
    [InlineData("后天转账给你们", "2026-12-06")]
    [InlineData("I can pay today", "2026-12-04")]
    [InlineData("I'll pay on Friday", "2026-12-11")]
    [InlineData("我周五还", "2026-12-11")]
    [InlineData("星期一还", "2026-12-07")]
    [InlineData("礼拜天还钱", "2026-12-06")]
    [InlineData("I will pay on Sunday", "2026-12-06")]
    [InlineData("paying next week", "2026-12-07")]
    [InlineData("下周还上", "2026-12-07")]
    [InlineData("下周一还上", "2026-12-07")]
    [InlineData("下周五还", "2026-12-11")]
    [InlineData("I'll pay next Wednesday", "2026-12-09")]
    [InlineData("I'll pay the rest on the 15th", "2026-12-15")]
    [InlineData("I can pay on the 20", "2026-12-20")]
    [InlineData("15号还款", "2026-12-15")]
    [InlineData("１５号还款", "2026-12-15")]
    [InlineData("十五号还", "2026-12-15")]
    [InlineData("二十日前还清", "2026-12-20")]
    [InlineData("4号还", "2026-12-04")]
    [InlineData("3号还", "2027-01-03")]
    [InlineData("I'll pay the 2nd", "2027-01-02")]
    [InlineData("by the end of the month", "2026-12-31")]
    [InlineData("月底前还清", "2026-12-31")]
    [InlineData("月末还款", "2026-12-31")]
    [InlineData("I'll pay the 50 tomorrow", "2026-12-05")]
    public void From_ReplyNamingADay_IsThatDayInTheBorrowersCalendar(string reply, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PromisedDate.From(reply, FridayMorning, Shanghai));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("I will pay")]
    [InlineData("我会尽快还款的")]
    [InlineData("I'll pay 50")]
    [InlineData("I'll pay the 40th")]
    public void From_ReplyNamingNoDay_IsNull(string? reply)
    {
        Assert.Null(PromisedDate.From(reply, FridayMorning, Shanghai));
    }

    [Fact]
    public void From_TomorrowLateOnSundayInShanghai_IsMonday()
    {
        var sundayNight = new DateTimeOffset(2026, 12, 6, 23, 30, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateOnly(2026, 12, 7), PromisedDate.From("明天", sundayNight, Shanghai));
    }

    [Fact]
    public void From_TomorrowJustAfterMidnightInShanghai_CountsFromTheLocalDayNotTheUtcOne()
    {
        // 00:30 Monday in Shanghai is still Sunday in UTC.
        var mondayAfterMidnight = new DateTimeOffset(2026, 12, 7, 0, 30, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateOnly(2026, 12, 8), PromisedDate.From("明天还", mondayAfterMidnight, Shanghai));
    }

    [Fact]
    public void From_TomorrowLateOnSundayInNewYork_IsMondayThoughUtcIsMondayAlready()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var sundayNight = new DateTimeOffset(2026, 12, 6, 23, 30, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateOnly(2026, 12, 7), PromisedDate.From("I will pay tomorrow", sundayNight, newYork));
    }

    [Fact]
    public void From_DayOfMonthAShorterMonthLacks_IsItsLastDay()
    {
        var february = new DateTimeOffset(2027, 2, 10, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2027, 2, 28), PromisedDate.From("31号还", february, Shanghai));
    }

    [Fact]
    public void PauseUntil_PromisedDay_IsTheStartOfTheNextDayInTheBorrowersZone()
    {
        var until = PromisedDate.PauseUntil(new DateOnly(2026, 12, 11), FridayMorning, Shanghai, undatedDays: 3);

        Assert.Equal(new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.FromHours(8)), until);
    }

    [Fact]
    public void PauseUntil_NoDay_IsTheUndatedPause()
    {
        Assert.Equal(FridayMorning.AddDays(3), PromisedDate.PauseUntil(null, FridayMorning, Shanghai, undatedDays: 3));
    }

    [Theory]
    [InlineData("2026-12-31")]
    [InlineData("2027-06-01")]
    public void PauseUntil_FarPromise_IsCappedAtTheMaximum(string promised)
    {
        var until = PromisedDate.PauseUntil(DateOnly.Parse(promised, System.Globalization.CultureInfo.InvariantCulture), FridayMorning, Shanghai, undatedDays: 3);

        Assert.Equal(FridayMorning.AddDays(PromisedDate.MaxPauseDays), until);
    }

    [Fact]
    public void PauseUntil_LongUndatedPause_IsCappedAtTheMaximum()
    {
        Assert.Equal(FridayMorning.AddDays(PromisedDate.MaxPauseDays), PromisedDate.PauseUntil(null, FridayMorning, Shanghai, undatedDays: 30));
    }
}
