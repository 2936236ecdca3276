using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;
using Dunning.Core.Sending.Throughput;

namespace Dunning.Core.Sending;

/// <summary>
/// What a lender's sender numbers can take, and what happens to a message they cannot take in time. The per-number
/// limits are the app-wide limiter's (<see cref="SenderThroughputLimits"/>), which SendSms enforces at send time.
/// </summary>
public static class SendPacing
{
    /// <summary>
    /// Sends a minute the lender's numbers take together: each shared limit once (every alphanumeric id draws on the
    /// resource's one). A lender without numbers of its own sends from the app's default number, counted as toll-free.
    /// </summary>
    public static int PerMinute(LenderSettings settings, SenderThroughputOptions? limits = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.SenderIds.Count == 0)
        {
            return SenderThroughputLimits.TollFreePerMinute;
        }

        return settings.SenderIds
            .GroupBy(SenderThroughputLimits.BucketKeyOf, StringComparer.Ordinal)
            .Sum(bucket => SenderThroughputLimits.PermitsPerMinute(bucket.First(), limits));
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
