using Dunning.Core.Lenders;

namespace Dunning.Core.Eligibility;

/// <summary>
/// The per-borrower caps: at most <see cref="LenderSettings.MaxMessagesPerDay"/> on one local day and
/// <see cref="LenderSettings.MaxMessagesPer7Days"/> in any rolling 7 days. Over a cap, the answer is the first
/// instant that is inside the send window and under both caps.
/// </summary>
public static class CapPolicy
{
    public static readonly TimeSpan RollingWindow = TimeSpan.FromDays(7);

    /// <summary>Entries older than this never count again; storage prunes them.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(8);

    public static EligibilityDecision Evaluate(IReadOnlyList<CapEntry> entries, string jobId, DateTimeOffset now, SendWindow window, LenderSettings settings)
    {
        // A slot this job claimed earlier does not count against it: the slot moves to when the message really
        // goes out. Keeping the old time would let a retry that slipped past midnight (quiet hours, throttling)
        // go out beside the next day's message.
        entries = [.. entries.Where(e => e.JobId != jobId)];

        if (settings.MaxMessagesPerDay <= 0 || settings.MaxMessagesPer7Days <= 0)
        {
            return EligibilityDecision.Suppress(settings.MaxMessagesPerDay <= 0 ? SuppressionReasons.OverDailyCap : SuppressionReasons.OverWeeklyCap);
        }

        string? reason = null;
        var at = now;
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var overDay = CountOnLocalDay(entries, at, window) >= settings.MaxMessagesPerDay;
            var overWeek = CountInRollingWindow(entries, at) >= settings.MaxMessagesPer7Days;
            if (!overDay && !overWeek)
            {
                return at == now ? EligibilityDecision.Send : EligibilityDecision.Defer(reason!, at);
            }

            reason ??= overDay ? SuppressionReasons.OverDailyCap : SuppressionReasons.OverWeeklyCap;
            var next = overDay ? window.StartOfNextLocalDay(at) : WhenWeekFrees(entries, at, settings.MaxMessagesPer7Days);
            var allowed = window.NextAllowed(next);
            if (allowed is null)
            {
                return EligibilityDecision.Suppress(SuppressionReasons.NoSendDay);
            }

            at = allowed.Value;
        }

        return EligibilityDecision.Defer(reason ?? SuppressionReasons.OverDailyCap, at);
    }

    public static int CountOnLocalDay(IReadOnlyList<CapEntry> entries, DateTimeOffset at, SendWindow window)
    {
        var day = window.LocalDate(at);
        return entries.Count(e => window.LocalDate(e.SentAt) == day);
    }

    public static int CountInRollingWindow(IReadOnlyList<CapEntry> entries, DateTimeOffset at) =>
        entries.Count(e => e.SentAt > at - RollingWindow && e.SentAt <= at);

    /// <summary>When enough of the rolling window's entries have aged out for one more message.</summary>
    private static DateTimeOffset WhenWeekFrees(IReadOnlyList<CapEntry> entries, DateTimeOffset at, int max)
    {
        var inWindow = entries.Where(e => e.SentAt > at - RollingWindow && e.SentAt <= at).Select(e => e.SentAt).Order().ToList();
        var mustExpire = inWindow.Count - max + 1;
        return mustExpire <= 0 ? at : inWindow[mustExpire - 1] + RollingWindow + TimeSpan.FromSeconds(1);
    }
}
