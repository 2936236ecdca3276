namespace Dunning.Core.Lenders;

/// <summary>
/// The allowed local send window. The default 08:00–21:00 is stricter than both the Chinese
/// 22:00–08:00 rule and US Reg F's 08:00–21:00 convenience window.
/// </summary>
public sealed record QuietHours(TimeOnly AllowedFrom, TimeOnly AllowedUntil)
{
    public static QuietHours Default { get; } = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    public bool Allows(TimeOnly localTime) =>
        AllowedFrom <= AllowedUntil
            ? localTime >= AllowedFrom && localTime < AllowedUntil
            : localTime >= AllowedFrom || localTime < AllowedUntil;
}
