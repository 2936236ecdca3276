using System.Globalization;
using System.Text.RegularExpressions;
using Dunning.Core.Eligibility;

namespace Dunning.Core.Events;

/// <summary>
/// The day a promise to pay names ("tomorrow", "on Friday", "the 15th", "下周一", "月底"), as a date in the borrower's
/// calendar counted from the day the reply arrived there, and how long that promise pauses reminders. A weekday is the
/// next one after the day of the reply (a Friday reply saying "Friday" means a week later); "next week" / 下周 is the
/// next Monday and "next Friday" / 下周五 the Friday of that week; a day of the month not yet past is this month's,
/// otherwise next month's (the 31st in a shorter month is its last day). When the reply names several days the first
/// one written counts ("the 50 tomorrow" names no 50th, so tomorrow).
/// </summary>
public static partial class PromisedDate
{
    /// <summary>However far the promise, reminders resume after this: a promise is no plan.</summary>
    public const int MaxPauseDays = 14;

    private static readonly string[] EnglishDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The promised day, or null when the reply names none.</summary>
    public static DateOnly? From(string? reply, DateTimeOffset receivedAt, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(receivedAt, zone).DateTime);
        var text = ReplyText.Fold(reply).ToLowerInvariant();
        foreach (Match words in DayWords().Matches(text))
        {
            if (DayOf(words, today) is { } day)
            {
                return day;
            }
        }

        return null;
    }

    /// <summary>
    /// Until when a promise pauses reminders: the start of the day after the promised day in the borrower's zone, or
    /// <paramref name="undatedDays"/> after the reply when no day was named; never more than <see cref="MaxPauseDays"/>.
    /// </summary>
    public static DateTimeOffset PauseUntil(DateOnly? promised, DateTimeOffset receivedAt, TimeZoneInfo zone, int undatedDays)
    {
        var cap = receivedAt.AddDays(MaxPauseDays);
        // The start of the day after, as the send window reads a local midnight (a DST gap moves it to the first instant that exists).
        var until = promised is { } day ? SendWindow.ToInstant(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone) : receivedAt.AddDays(undatedDays);
        return until < cap ? until : cap;
    }

    private static DateOnly? DayOf(Match match, DateOnly today)
    {
        var groups = match.Groups;
        if (groups["dayAfter"].Success)
        {
            return today.AddDays(2);
        }

        if (groups["tomorrow"].Success)
        {
            return today.AddDays(1);
        }

        if (groups["today"].Success)
        {
            return today;
        }

        if (groups["monthEnd"].Success)
        {
            return LastOfMonth(today);
        }

        if (groups["enDay"].Success || groups["zhDay"].Success)
        {
            var weekday = groups["enDay"].Success ? Array.IndexOf(EnglishDays, groups["enDay"].Value) : ChineseWeekday(groups["zhDay"].Value);
            return groups["next"].Success ? NextMonday(today).AddDays(weekday) : NextWeekday(today, weekday);
        }

        if (groups["nextWeek"].Success)
        {
            return NextMonday(today);
        }

        var day = groups["digits"].Success
            ? int.Parse(groups["digits"].Value, CultureInfo.InvariantCulture)
            : ChineseNumber(groups["hanzi"].Value);
        return day is >= 1 and <= 31 ? DayOfMonth(today, day) : null;
    }

    /// <summary>Monday 0 … Sunday 6.</summary>
    private static int MondayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    private static DateOnly NextMonday(DateOnly today) => today.AddDays(7 - MondayIndex(today.DayOfWeek));

    private static DateOnly NextWeekday(DateOnly today, int mondayIndex)
    {
        var ahead = (mondayIndex - MondayIndex(today.DayOfWeek) + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    private static DateOnly LastOfMonth(DateOnly day) => new(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));

    private static DateOnly DayOfMonth(DateOnly today, int day)
    {
        var month = day >= today.Day ? today : today.AddMonths(1);
        return new DateOnly(month.Year, month.Month, Math.Min(day, DateTime.DaysInMonth(month.Year, month.Month)));
    }

    private static int ChineseWeekday(string name) => "一二三四五六日天".IndexOf(name, StringComparison.Ordinal) is var i and >= 0 ? Math.Min(i, 6) : 0;

    /// <summary>一 … 九, 十, 十五, 二十, 三十一.</summary>
    private static int ChineseNumber(string hanzi)
    {
        const string Digits = "一二三四五六七八九";
        var ten = hanzi.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            return Digits.IndexOf(hanzi, StringComparison.Ordinal) + 1;
        }

        var tens = ten == 0 ? 1 : Digits.IndexOf(hanzi[0]) + 1;
        var ones = ten == hanzi.Length - 1 ? 0 : Digits.IndexOf(hanzi[ten + 1]) + 1;
        return (tens * 10) + ones;
    }

    [GeneratedRegex("""
        (?<dayAfter>\bday\s+after\s+tomorrow\b|后天)
        |(?<tomorrow>\b(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmrrw|tomoz|2moro|2morrow)\b|明天|明日|明儿)
        |(?<today>\b(?:today|tonight|this\s+evening)\b|今天|今日|今晚)
        |(?<monthEnd>\bend\s+of\s+(?:the\s+|this\s+)?month\b|\bmonth\s*-?\s*end\b|\beom\b|月底|月末)
        |(?:(?<next>\bnext\s+|下个?)?(?:\b(?<enDay>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|(?:周|星期|礼拜)(?<zhDay>[一二三四五六日天])))
        |(?<nextWeek>\bnext\s+week\b|下个?(?:周|星期|礼拜))
        |(?:\b(?:the|on|by|before)\s+(?<digits>[0-9]{1,2})(?:st|nd|rd|th)?\b|\b(?<digits>[0-9]{1,2})(?:st|nd|rd|th)\b|(?<digits>[0-9]{1,2})\s*[号日]|(?<hanzi>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[号日])
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DayWords();
}
