namespace Dunning.Core;

public static class TimeZones
{
    /// <summary>
    /// The IANA zone, or UTC for an id this machine does not know. Ingest already rejects unknown zones, so
    /// the fallback only covers rows written by hand or a zone removed from the tz database.
    /// </summary>
    public static TimeZoneInfo OrUtc(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateOnly LocalDate(DateTimeOffset instant, string? timeZoneId) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, OrUtc(timeZoneId)).DateTime);
}
