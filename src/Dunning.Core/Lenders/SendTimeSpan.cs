using System.Globalization;

namespace Dunning.Core.Lenders;

/// <summary>
/// A stretch of borrower-local time a lender wants its reminders to go out in, e.g. 10:00–12:00 (from inclusive, until
/// exclusive). A lender's spans lie inside its send window; a day's messages are spread across them.
/// </summary>
public sealed record SendTimeSpan(TimeOnly From, TimeOnly Until)
{
    /// <summary>The dashes people type between the two times: en dash, hyphen, em dash.</summary>
    private static readonly string[] Dashes = ["–", "-", "—"];

    public TimeSpan Length => Until - From;

    public override string ToString() =>
        $"{From.ToString("HH:mm", CultureInfo.InvariantCulture)}–{Until.ToString("HH:mm", CultureInfo.InvariantCulture)}";

    /// <summary>Reads "HH:mm–HH:mm" (any of –, -, —, spaces allowed around it); null when it is not two such times in order.</summary>
    public static SendTimeSpan? TryParse(string? text)
    {
        foreach (var dash in Dashes)
        {
            var parts = text?.Split(dash, StringSplitOptions.TrimEntries);
            if (parts is [var from, var until]
                && TimeOnly.TryParseExact(from, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                && TimeOnly.TryParseExact(until, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return new SendTimeSpan(start, end);
            }
        }

        return null;
    }

    /// <summary>The part of this span inside <paramref name="window"/>, or null when none is.</summary>
    public SendTimeSpan? Within(QuietHours window)
    {
        if (window.AllowedFrom > window.AllowedUntil)
        {
            // A window across midnight (never accepted from a document, but representable): keep a span it holds whole.
            return window.Allows(From) && window.Allows(Until.AddMinutes(-1)) ? this : null;
        }

        var from = From < window.AllowedFrom ? window.AllowedFrom : From;
        var until = Until > window.AllowedUntil ? window.AllowedUntil : Until;
        return from < until ? new SendTimeSpan(from, until) : null;
    }
}
