using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Dunning.Core.Tests.Eligibility;

public sealed class SendWindowTests
{
    private static readonly string[] Zones = ["Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "UTC"];

    private static SendWindow Window(string zone, IReadOnlyCollection<DayOfWeek>? noSendDays = null, QuietHours? hours = null) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(zone), hours ?? QuietHours.Default, noSendDays ?? []);

    [Fact]
    public void NextAllowed_At2059InShanghai_IsNow()
    {
        var now = new DateTimeOffset(2026, 11, 27, 20, 59, 0, TimeSpan.FromHours(8));

        Assert.Equal(now, Window("Asia/Shanghai").NextAllowed(now));
    }

    [Fact]
    public void NextAllowed_At2100InShanghai_IsEightTomorrow()
    {
        var now = new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.FromHours(8)), Window("Asia/Shanghai").NextAllowed(now));
    }

    [Fact]
    public void NextAllowed_SpringForwardNight_IsEightNewYorkDaylightTime()
    {
        // 2026-03-08: New York moves from EST (-5) to EDT (-4) at 02:00.
        var now = new DateTimeOffset(2026, 3, 8, 1, 30, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 8, 0, 0, TimeSpan.FromHours(-4)), Window("America/New_York").NextAllowed(now));
    }

    [Fact]
    public void NextAllowed_FallBackNight_IsEightNewYorkStandardTime()
    {
        var now = new DateTimeOffset(2026, 10, 31, 22, 0, 0, TimeSpan.FromHours(-4));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(-5)), Window("America/New_York").NextAllowed(now));
    }

    [Fact]
    public void NextAllowed_NoSendSunday_SkipsToMonday()
    {
        // Saturday 21:30 in Shanghai; Sundays are off.
        var now = new DateTimeOffset(2026, 11, 28, 21, 30, 0, TimeSpan.FromHours(8));

        var next = Window("Asia/Shanghai", [DayOfWeek.Sunday]).NextAllowed(now);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(8)), next);
    }

    [Fact]
    public void NextAllowed_EveryDayNoSend_IsNull() =>
        Assert.Null(Window("UTC", Enum.GetValues<DayOfWeek>()).NextAllowed(DateTimeOffset.UnixEpoch));

    [Fact]
    public void ToInstant_TimeInSpringForwardGap_MovesPastTheGap()
    {
        var window = Window("America/New_York");

        var instant = window.ToInstant(new DateTime(2026, 3, 8, 2, 30, 0));

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 30, 0, TimeSpan.FromHours(-4)), instant);
    }

    [Fact]
    public void ToInstant_AmbiguousTime_TakesFirstOccurrence()
    {
        var instant = Window("America/New_York").ToInstant(new DateTime(2026, 11, 1, 1, 30, 0));

        Assert.Equal(TimeSpan.FromHours(-4), instant.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), instant.ToUniversalTime());
    }

    [Property(MaxTest = 300)]
    public Property NextAllowed_AnyZoneAndInstant_IsInsideWindowAndNotBeforeNow()
    {
        var zones = Gen.Elements(Zones);
        // 2025-01-01 .. 2028-01-01, covering several DST changes everywhere.
        var instants = Gen.Choose(0, 3 * 365 * 24 * 60).Select(minutes => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes));
        var hours = Gen.Elements(QuietHours.Default, new QuietHours(new TimeOnly(9, 0), new TimeOnly(20, 0)), new QuietHours(new TimeOnly(2, 30), new TimeOnly(3, 30)));
        var noSend = Gen.Elements<DayOfWeek[]>([], [DayOfWeek.Sunday], [DayOfWeek.Saturday, DayOfWeek.Sunday]);
        var cases = from zone in zones from now in instants from h in hours from days in noSend select (zone, now, h, days);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var window = Window(c.zone, c.days, c.h);
            var next = window.NextAllowed(c.now);
            return next is { } n && n >= c.now && window.Allows(n)
                && (n == c.now || !window.Allows(n.AddMinutes(-1)) || n - c.now < TimeSpan.FromMinutes(1));
        });
    }
}
