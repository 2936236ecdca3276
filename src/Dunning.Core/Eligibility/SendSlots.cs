using System.IO.Hashing;
using System.Text;
using Dunning.Core.Lenders;

namespace Dunning.Core.Eligibility;

/// <summary>
/// Where in a borrower's local day a job goes out. A day's jobs are spread over the lender's send-time spans by a hash
/// of the job (<see cref="Jobs.ReminderJob.SlotKey"/>), so the same job lands on the same minute however often it is delivered, on whichever instance,
/// while the jobs of a day fill the spans evenly instead of all leaving when the window opens.
/// </summary>
public static class SendSlots
{
    /// <summary>
    /// The minute the job keyed <paramref name="jobId"/> is released on local <paramref name="date"/>, at or after
    /// <paramref name="notBefore"/>: a minute of <paramref name="spans"/> (inside the window), or, when those have all
    /// passed, a minute of what is left of the window that day. Null when no span is configured (the job goes as soon as
    /// the window allows) or nothing of the day's window is left.
    /// </summary>
    public static DateTimeOffset? On(string jobId, DateOnly date, DateTimeOffset notBefore, IReadOnlyList<SendTimeSpan> spans, SendWindow window)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(window);
        if (spans.Count == 0 || window.NoSendDays.Contains(date.DayOfWeek))
        {
            return null;
        }

        var earliest = EarliestMinute(date, notBefore, window);
        var runs = Runs(spans.Select(span => span.Within(window.Hours)).OfType<SendTimeSpan>(), earliest);
        if (runs.Count == 0)
        {
            runs = Runs([new SendTimeSpan(window.Hours.AllowedFrom, window.Hours.AllowedUntil)], earliest);
        }

        var total = runs.Sum(run => run.Count);
        if (total == 0)
        {
            return null;
        }

        var index = (int)(Position(jobId) % (ulong)total);
        foreach (var (from, count) in runs)
        {
            if (index < count)
            {
                return window.ToInstant(date.ToDateTime(from.AddMinutes(index)));
            }

            index -= count;
        }

        return null;
    }

    /// <summary>A stable number for the job: XxHash64 is the same in every process and version, unlike string.GetHashCode.</summary>
    public static ulong Position(string jobId) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(jobId));

    /// <summary>The first whole local minute of the date at or after <paramref name="notBefore"/>; null when the date is already over.</summary>
    private static TimeOnly? EarliestMinute(DateOnly date, DateTimeOffset notBefore, SendWindow window)
    {
        var local = window.LocalTime(notBefore);
        var localDate = DateOnly.FromDateTime(local);
        if (localDate < date)
        {
            return TimeOnly.MinValue;
        }

        if (localDate > date)
        {
            return null;
        }

        var minute = new TimeOnly(local.Hour, local.Minute);
        return local.TimeOfDay > minute.ToTimeSpan() ? (minute == new TimeOnly(23, 59) ? null : minute.AddMinutes(1)) : minute;
    }

    /// <summary>The spans as runs of whole minutes (first minute, how many), cut at <paramref name="earliest"/>, in time order.</summary>
    private static List<(TimeOnly From, int Count)> Runs(IEnumerable<SendTimeSpan> spans, TimeOnly? earliest)
    {
        var runs = new List<(TimeOnly From, int Count)>();
        if (earliest is not { } first)
        {
            return runs;
        }

        var covered = first;
        foreach (var span in spans.OrderBy(span => span.From))
        {
            // Overlapping spans count their shared minutes once.
            var from = span.From < covered ? covered : span.From;
            if (from < span.Until)
            {
                var count = (int)(span.Until - from).TotalMinutes;
                runs.Add((from, count));
                covered = span.Until;
            }
        }

        return runs;
    }
}
