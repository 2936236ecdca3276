using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Dunning.Core.Tests.Eligibility;

public sealed class SendSlotsTests
{
    private static readonly DateOnly Day = new(2026, 12, 3);
    private static readonly SendTimeSpan Morning = new(new TimeOnly(10, 0), new TimeOnly(12, 0));
    private static readonly SendTimeSpan Evening = new(new TimeOnly(18, 30), new TimeOnly(19, 30));
    private static readonly string[] Zones = ["Asia/Shanghai", "America/New_York", "Europe/London", "Pacific/Chatham", "Australia/Lord_Howe"];

    private static SendWindow Window(string zone = "Asia/Shanghai", IReadOnlyCollection<DayOfWeek>? noSendDays = null) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(zone), QuietHours.Default, noSendDays ?? []);

    private static DateTimeOffset Midnight(SendWindow window, DateOnly day) => window.StartOfLocalDay(day);

    [Fact]
    public void On_ADayOfJobs_FillsTheSpansMinuteByMinuteInsteadOfTheWindowsFirstMinute()
    {
        var window = Window();
        var slots = Enumerable.Range(0, 10_000)
            .Select(i => SendSlots.On($"acme:L-{i}:1:T-3", Day, Midnight(window, Day), [Morning, Evening], window)!.Value)
            .ToList();

        var local = slots.Select(window.LocalTime).ToList();
        Assert.All(local, t => Assert.True(
            Morning.From <= TimeOnly.FromDateTime(t) && TimeOnly.FromDateTime(t) < Morning.Until
            || Evening.From <= TimeOnly.FromDateTime(t) && TimeOnly.FromDateTime(t) < Evening.Until, $"{t:HH:mm} is outside the spans"));
        var perMinute = local.GroupBy(t => (t.Hour, t.Minute)).Select(g => g.Count()).ToList();
        Assert.Equal(180, perMinute.Count);
        // 10,000 over 180 minutes is 56 a minute on average; a hash that spreads evenly stays well under twice that.
        Assert.True(perMinute.Max() < 90, $"the busiest minute has {perMinute.Max()}");
    }

    [Fact]
    public void On_SameJob_SameMinuteWhateverTheInstantItIsAskedAt()
    {
        var window = Window();
        var slot = SendSlots.On("acme:L-1:3:T-3", Day, Midnight(window, Day), [Morning, Evening], window);

        Assert.Equal(slot, SendSlots.On("acme:L-1:3:T-3", Day, Midnight(window, Day), [Evening, Morning], window));
        Assert.Equal(slot, SendSlots.On("acme:L-1:3:T-3", Day, window.ToInstant(Day.ToDateTime(new TimeOnly(8, 0))), [Morning, Evening], window));
    }

    [Fact]
    public void On_CreatedAfterTheMorningSpan_TakesAMinuteOfTheEveningSpan()
    {
        var window = Window();
        var created = window.ToInstant(Day.ToDateTime(new TimeOnly(12, 30)));

        foreach (var i in Enumerable.Range(0, 200))
        {
            var slot = SendSlots.On($"acme:L-{i}:1:T0", Day, created, [Morning, Evening], window)!.Value;
            var local = TimeOnly.FromDateTime(window.LocalTime(slot));
            Assert.InRange(local, Evening.From, Evening.Until.AddMinutes(-1));
        }
    }

    [Fact]
    public void On_EverySpanPassed_SpreadsOverWhatIsLeftOfTheWindowAndNeverPastIt()
    {
        var window = Window();
        var created = window.ToInstant(Day.ToDateTime(new TimeOnly(20, 0, 30)));

        var slots = Enumerable.Range(0, 500).Select(i => SendSlots.On($"acme:L-{i}:1:T0", Day, created, [Morning, Evening], window)!.Value).ToList();

        Assert.All(slots, slot => Assert.True(slot >= created && window.Allows(slot)));
        Assert.Equal(59, slots.Select(window.LocalTime).Select(t => t.Minute).Distinct().Count());
    }

    [Fact]
    public void On_NoSpansNoSendDayOrDayOver_IsNull()
    {
        var window = Window();
        Assert.Null(SendSlots.On("j", Day, Midnight(window, Day), [], window));
        Assert.Null(SendSlots.On("j", Day, Midnight(window, Day), [Morning], Window(noSendDays: [Day.DayOfWeek])));
        Assert.Null(SendSlots.On("j", Day, window.ToInstant(Day.ToDateTime(new TimeOnly(21, 0))), [Morning], window));
    }

    [Property(MaxTest = 300)]
    public Property On_AnyJobZoneAndStart_IsInsideTheWindowOnItsDayAndNotBeforeItsStart() =>
        Prop.ForAll(
            (from zone in Gen.Elements(Zones)
             from dayOffset in Gen.Choose(0, 365)
             from startMinute in Gen.Choose(0, 24 * 60 - 1)
             from job in Gen.Choose(0, 1_000_000)
             select (zone, dayOffset, startMinute, job)).ToArbitrary(),
            input =>
            {
                var (zone, dayOffset, startMinute, job) = input;
                var window = Window(zone);
                var day = new DateOnly(2026, 1, 1).AddDays(dayOffset);
                var notBefore = window.ToInstant(day.ToDateTime(TimeOnly.MinValue.AddMinutes(startMinute)));
                var slot = SendSlots.On($"job-{job}", day, notBefore, [Morning, Evening], window);
                return slot is null
                    ? window.LocalTime(notBefore).TimeOfDay >= new TimeSpan(21, 0, 0) || window.LocalDate(notBefore) > day
                    : slot >= notBefore && window.Allows(slot.Value) && window.LocalDate(slot.Value) == day;
            });
}
