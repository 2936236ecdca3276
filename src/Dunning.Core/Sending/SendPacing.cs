using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;

namespace Dunning.Core.Sending;

/// <summary>
/// What a lender's sender numbers can take, and what happens to a message they cannot take in time. The per-number
/// limit defaults to that of <c>Sms__SenderPool__PermitsPerMinutePerSender</c> (200), which the sender pool enforces at
/// send time; the app-wide limiter's per-number-type limits are meant to replace it here.
/// </summary>
public static class SendPacing
{
    public const int DefaultPermitsPerMinutePerSender = 200;

    /// <summary>Sends a minute the lender's numbers take together.</summary>
    public static int PerMinute(LenderSettings settings, int permitsPerMinutePerSender = DefaultPermitsPerMinutePerSender)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Math.Max(1, settings.SenderIds.Count) * Math.Max(1, permitsPerMinutePerSender);
    }

    /// <summary>Sends the spans can carry in a day at <paramref name="perMinute"/>: beyond it, a day's messages spill later in the window.</summary>
    public static long SpanCapacity(IReadOnlyList<SendTimeSpan> spans, QuietHours window, int perMinute) =>
        (long)spans.Select(span => span.Within(window)).OfType<SendTimeSpan>().Sum(span => span.Length.TotalMinutes) * perMinute;

    /// <summary>
    /// Whether a scheduled message that has to wait for a sender until <paramref name="retryAt"/> would leave the borrower's
    /// window or its day: then it is suppressed as <see cref="SuppressionReasons.OverSendCapacity"/>, counted, instead of
    /// going out at night or tomorrow unannounced.
    /// </summary>
    public static bool MissesItsWindow(OutboxMessage message, LenderSettings settings, DateTimeOffset now, DateTimeOffset retryAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(settings);
        if (!message.CountsAgainstCap)
        {
            return false;
        }

        var window = SendWindow.For(settings, SendWindow.ResolveTimeZone(message.BorrowerTimeZone, settings.DefaultTimeZone));
        return !window.Allows(retryAt) || window.LocalDate(retryAt) != window.LocalDate(now);
    }
}
