using System.Globalization;
using System.Text;
using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;

namespace Dunning.Core.Reports;

/// <summary>One UTC day of the lender's funnel, for the dashboard's trend chart and its CSV export.</summary>
public sealed record DailyFigures(DateOnly Date, int Jobs, int Sent, int Delivered, int Failed, int Suppressed, int Replies, int OptOuts);

/// <summary>
/// The funnel's figures day by day (ledger rows by the day they were created, replies by the day they came). Replies
/// are counted as the funnel counts them: follow-ups, plus the auto-replies of the replies that raise none. Pure.
/// </summary>
public static class DailyTrend
{
    public static IReadOnlyList<DailyFigures> Build(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<SendRecord> rows, IReadOnlyList<FollowUp> replies)
    {
        var optOutTemplate = ReplyTemplateIds.For(ReplyKind.OptOutConfirmation);
        var days = new List<DailyFigures>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day.ToDateTime(TimeOnly.MinValue) < to.UtcDateTime; day = day.AddDays(1))
        {
            var onDay = rows.Where(r => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime) == day).ToList();
            var scheduled = onDay.Where(r => r.Kind == MessageKind.Scheduled).ToList();
            days.Add(new DailyFigures(
                day,
                scheduled.Count,
                scheduled.Count(r => r.WasSent),
                scheduled.Count(r => r.State == SendState.Delivered),
                scheduled.Count(r => r.State == SendState.Failed),
                scheduled.Count(r => r.State == SendState.Suppressed),
                replies.Count(f => DateOnly.FromDateTime(f.CreatedAt.UtcDateTime) == day && FunnelReport.CountedAs(f) is not null) + onDay.Count(FunnelReport.IsReplyWithoutFollowUp),
                onDay.Count(r => r.Kind == MessageKind.Reply && r.TemplateId == optOutTemplate)));
        }

        return days;
    }

    /// <summary>The same figures as CSV (a header row, then one row per day).</summary>
    public static string ToCsv(IReadOnlyList<DailyFigures> days)
    {
        var csv = new StringBuilder("date,jobs,sent,delivered,failed,suppressed,replies,opt_outs\r\n");
        foreach (var d in days)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{d.Date:yyyy-MM-dd},{d.Jobs},{d.Sent},{d.Delivered},{d.Failed},{d.Suppressed},{d.Replies},{d.OptOuts}\r\n");
        }

        return csv.ToString();
    }
}
