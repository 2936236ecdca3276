using Dunning.Core.Lenders;

namespace Dunning.Core.Eligibility;

/// <summary>
/// The send window in the borrower's own time zone: the allowed local hours on days that are not no-send days.
/// Local times are turned into instants here, where DST gaps move forward to the first instant that exists and
/// ambiguous times take their first occurrence.
/// </summary>
public sealed record SendWindow(TimeZoneInfo TimeZone, QuietHours Hours, IReadOnlyCollection<DayOfWeek> NoSendDays)
{
    /// <summary>Far enough to cross any week of no-send days plus a DST change.</summary>
    private const int SearchDays = 10;

    public static SendWindow For(LenderSettings settings, TimeZoneInfo timeZone) => new(timeZone, settings.SendWindow, settings.NoSendDays);

    public DateTime LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(LocalTime(instant));

    public bool IsNoSendDay(DateTimeOffset instant) => NoSendDays.Contains(LocalTime(instant).DayOfWeek);

    public bool Allows(DateTimeOffset instant)
    {
        var local = LocalTime(instant);
        return !NoSendDays.Contains(local.DayOfWeek) && Hours.Allows(TimeOnly.FromDateTime(local));
    }

    /// <summary>
    /// The first allowed instant at or after <paramref name="from"/>, or null when the window never opens
    /// (every day is a no-send day, or the window is empty).
    /// </summary>
    public DateTimeOffset? NextAllowed(DateTimeOffset from)
    {
        if (Allows(from))
        {
            return from;
        }

        // An allowed stretch can only begin where the window opens or where a new local day begins.
        var today = LocalDate(from);
        DateTimeOffset? best = null;
        for (var day = today.AddDays(-1); day <= today.AddDays(SearchDays); day = day.AddDays(1))
        {
            foreach (var time in new[] { Hours.AllowedFrom, TimeOnly.MinValue })
            {
                var candidate = ToInstant(day.ToDateTime(time));
                if (candidate > from && (best is null || candidate < best) && Allows(candidate))
                {
                    best = candidate;
                }
            }
        }

        return best;
    }

    /// <summary>The start of the borrower's next local day after <paramref name="instant"/>.</summary>
    public DateTimeOffset StartOfNextLocalDay(DateTimeOffset instant) => ToInstant(LocalDate(instant).AddDays(1).ToDateTime(TimeOnly.MinValue));

    public DateTimeOffset StartOfLocalDay(DateOnly date) => ToInstant(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>When the window closes on a local day (for a window that spans midnight, on the next morning).</summary>
    public DateTimeOffset WindowEnd(DateOnly date)
    {
        var endDate = Hours.AllowedFrom <= Hours.AllowedUntil ? date : date.AddDays(1);
        return ToInstant(endDate.ToDateTime(Hours.AllowedUntil));
    }

    /// <summary>The instant a wall-clock time names in this zone.</summary>
    public DateTimeOffset ToInstant(DateTime local) => ToInstant(local, TimeZone);

    /// <summary>The instant a wall-clock time names in <paramref name="zone"/>.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // In a spring-forward gap: read the time with the offset in force before the gap, which lands just
            // after the clocks jumped, i.e. the first instant that exists at or past this wall-clock time.
            var before = zone.GetUtcOffset(local.AddHours(-6));
            return new DateTimeOffset(local - before, TimeSpan.Zero).ToOffset(zone.GetUtcOffset(new DateTimeOffset(local - before, TimeSpan.Zero)));
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static TimeZoneInfo ResolveTimeZone(string? borrowerZone, string? fallbackZone)
    {
        foreach (var id in new[] { borrowerZone, fallbackZone })
        {
            if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }

        return TimeZoneInfo.Utc;
    }
}
