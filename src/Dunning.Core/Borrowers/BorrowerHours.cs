using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;

namespace Dunning.Core.Borrowers;

/// <summary>
/// Each borrower's own hour: the local hour they last answered or paid in. Reminders aimed at it reach the borrower
/// when they have shown they are at their phone, instead of at a minute the lender chose for everyone.
/// </summary>
public static class BorrowerHours
{
    /// <summary>The borrower with the local hour of <paramref name="at"/> noted, or null when that hour is already the one noted.</summary>
    public static Borrower? Note(Borrower borrower, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(borrower);
        var hour = TimeZoneInfo.ConvertTime(at, SendWindow.ResolveTimeZone(borrower.TimeZone, null)).Hour;
        return borrower.PreferredHour == hour ? null : borrower with { PreferredHour = hour };
    }

    /// <summary>The hour as a span, when the lender's window holds it whole; null otherwise (the lender's spans apply).</summary>
    public static SendTimeSpan? Span(int? hour, QuietHours window)
    {
        if (hour is not (>= 0 and <= 23) || window.AllowedFrom > window.AllowedUntil)
        {
            return null;
        }

        var span = new SendTimeSpan(new TimeOnly(hour.Value, 0), hour == 23 ? new TimeOnly(23, 59) : new TimeOnly(hour.Value + 1, 0));
        return span.Within(window) == span ? span : null;
    }
}
