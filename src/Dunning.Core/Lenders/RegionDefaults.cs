namespace Dunning.Core.Lenders;

/// <summary>
/// What a lender gets for every setting it does not give, by the region it lends in. The send window and the caps
/// are the lawful ceiling a lender may narrow, never widen: US Reg F treats 08:00–21:00 local as the convenient
/// time and 7 contacts in 7 days as its reference point; China's practice is no contact from 21:00 to 08:00.
/// </summary>
public sealed record RegionDefaults(
    string Region,
    string Language,
    string TimeZone,
    string Currency,
    QuietHours SendWindow,
    int MaxMessagesPerDay,
    int MaxMessagesPer7Days,
    decimal PricePerSegment,
    IReadOnlyDictionary<string, string> PayMethods,
    IReadOnlyList<SendTimeSpan> SendTimes)
{
    /// <summary>No region's law or practice allows a collection message before this local time.</summary>
    public static readonly TimeOnly EarliestSend = new(8, 0);

    /// <summary>No region's law or practice allows a collection message after this local time.</summary>
    public static readonly TimeOnly LatestSend = new(21, 0);

    /// <summary>The Reg F reference point (7 in 7 days), used as the ceiling for every region.</summary>
    public const int MaxMessagesPer7DaysCeiling = 7;

    public static RegionDefaults UnitedStates { get; } = new(
        "US",
        Languages.English,
        "America/New_York",
        "USD",
        new QuietHours(EarliestSend, LatestSend),
        MaxMessagesPerDay: 1,
        MaxMessagesPer7Days: MaxMessagesPer7DaysCeiling,
        PricePerSegment: 0.0079m,
        new Dictionary<string, string> { [Languages.English] = "in the app or at the link", [Languages.Chinese] = "App内还款" },
        // Mid-morning once the day has started, the afternoon while banks and card lines are open, and the early evening
        // after work; never the first minutes of the legal window (08:00 wakes people) and ending 30 minutes before 21:00,
        // so a message that has to wait for a sender still leaves inside the window.
        SendTimes: [new(new TimeOnly(10, 0), new TimeOnly(12, 0)), new(new TimeOnly(13, 0), new TimeOnly(16, 0)), new(new TimeOnly(18, 30), new TimeOnly(20, 30))]);

    public static RegionDefaults China { get; } = new(
        "CN",
        Languages.Chinese,
        "Asia/Shanghai",
        "CNY",
        new QuietHours(EarliestSend, LatestSend),
        MaxMessagesPerDay: 1,
        MaxMessagesPer7Days: 3,
        PricePerSegment: 0.05m,
        new Dictionary<string, string> { [Languages.Chinese] = "App内还款", [Languages.English] = "in the app" },
        // As the US, but clear of the 12:00–14:00 lunch and nap (午休) most offices keep, and of the 17:00–19:00 commute:
        // a reminder read at a desk or after dinner is one the borrower can act on (an app payment) at once.
        SendTimes: [new(new TimeOnly(10, 0), new TimeOnly(12, 0)), new(new TimeOnly(14, 0), new TimeOnly(17, 0)), new(new TimeOnly(19, 0), new TimeOnly(20, 30))]);

    public static IReadOnlyList<RegionDefaults> All { get; } = [UnitedStates, China];

    /// <summary>The defaults of a region that has a row, or null (then language, time zone and currency must be given).</summary>
    public static RegionDefaults? Find(string? region) =>
        All.FirstOrDefault(row => string.Equals(row.Region, region?.Trim(), StringComparison.OrdinalIgnoreCase));
}
