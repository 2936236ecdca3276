using Dunning.Core.Eligibility;
using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;

namespace Dunning.Core.Reports;

/// <summary>One (stage, template) line of the funnel.</summary>
public sealed record FunnelRow
{
    public required string Stage { get; init; }
    public required string TemplateId { get; init; }
    public int Jobs { get; init; }
    public int Pending { get; init; }
    public int Suppressed { get; init; }
    public IReadOnlyDictionary<string, int> SuppressedByReason { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);
    public int Sent { get; init; }
    public int Delivered { get; init; }
    public int Failed { get; init; }

    /// <summary>Messages whose installment was paid within <see cref="FunnelReport.PaidWindow"/> after the message was sent.</summary>
    public int PaidWithin3Days { get; init; }

    /// <summary>Jobs that used the stage's short variant because the full text was over the segment budget.</summary>
    public int ShortVariantFallbacks { get; init; }

    /// <summary>Jobs suppressed as template-rejected: nothing, full or short, passed the lint (counted against the template the borrower would have got).</summary>
    public int TemplateRejections { get; init; }
}

/// <summary>
/// The lender's funnel for ledger rows created in [From, To): per stage and template, how many jobs, how many
/// suppressed and why, sent, delivered, failed, and paid within three days of the message, how many went out as the
/// short variant and how many were rejected; plus the borrowers' replies by intent, the confirmed opt-outs, and a
/// warning for each stage with more than a few rejections.
/// <para>
/// Replies by intent: paid, plan, wrong-number, other and unknown-sender are counted from follow-ups (every such
/// reply raises one, even from an opted-out number); opt-out, opt-in and help are counted from their auto-reply
/// ledger rows (an opt-out that said more also raises a follow-up, which is not counted again). Opt-outs are the
/// opt-out confirmations, i.e. numbers that opted out (a repeated STOP from the same number is not a second opt-out).
/// </para>
/// </summary>
public sealed record FunnelReport
{
    public static readonly TimeSpan PaidWindow = TimeSpan.FromDays(3);

    private static readonly string[] RepliesCountedFromLedger =
    [
        ReplyTemplateIds.For(ReplyKind.OptOutConfirmation), ReplyTemplateIds.For(ReplyKind.OptInConfirmation), ReplyTemplateIds.For(ReplyKind.Help),
    ];

    /// <summary>The auto-reply row of a borrower's reply that raised no follow-up (opt-out, opt-in, help): the reply is counted by it.</summary>
    public static bool IsReplyWithoutFollowUp(SendRecord row) => row.Kind == MessageKind.Reply && RepliesCountedFromLedger.Contains(row.TemplateId);

    /// <summary>
    /// The intent a follow-up's reply is counted under, or null when the follow-up does not count it: an opt-out that
    /// said more is counted by its confirmation, as a bare STOP is (and, like a repeated STOP, not at all when the
    /// number had already opted out). The same holds for the free-text follow-up of a doubtful opt-out, opt-in or help
    /// (a follow-up stored before readings were kept counts as "other").
    /// </summary>
    public static string? CountedAs(FollowUp followUp) => followUp.Kind switch
    {
        FollowUpKind.VerifyPayment => "paid",
        FollowUpKind.PlanRequest => "plan",
        FollowUpKind.PromiseToPay => "promise",
        FollowUpKind.WrongNumber => "wrong-number",
        FollowUpKind.UnknownSender => "unknown-sender",
        FollowUpKind.OptOutSaidMore => null,

        // A doubtful STOP, START or HELP is acted on and shown to staff as free text; its auto-reply already counts it.
        FollowUpKind.FreeText when followUp.Reading?.Intent is ReplyIntent.OptOut or ReplyIntent.OptIn or ReplyIntent.Help => null,
        _ => "other",
    };

    /// <summary>"More than a few": a stage with more rejections (or short-variant fallbacks) than this gets a warning.</summary>
    public const int RejectionWarningThreshold = 3;

    public required string LenderId { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required IReadOnlyList<FunnelRow> Rows { get; init; }
    public required FunnelRow Total { get; init; }
    public required IReadOnlyDictionary<string, int> RepliesByIntent { get; init; }
    public int OptOuts { get; init; }

    /// <summary>Stages whose templates need the lender's attention (rejections, frequent short-variant fallbacks).</summary>
    public IReadOnlyList<ReportWarning> Warnings { get; init; } = [];

    /// <param name="paidAt">When each installment the sent messages were about was paid (absent or null: not paid).</param>
    public static FunnelReport Build(
        string lenderId,
        DateTimeOffset from,
        DateTimeOffset to,
        IEnumerable<SendRecord> ledgerRows,
        IReadOnlyDictionary<InstallmentKey, DateTimeOffset?> paidAt,
        IEnumerable<FollowUp> followUps)
    {
        var rows = ledgerRows.Where(r => r.LenderId == lenderId && r.CreatedAt >= from && r.CreatedAt < to).ToList();
        var lines = rows
            .GroupBy(r => (r.Stage, r.TemplateId))
            .OrderBy(g => StageOrder(g.Key.Stage)).ThenBy(g => g.Key.Stage, StringComparer.Ordinal).ThenBy(g => g.Key.TemplateId, StringComparer.Ordinal)
            .Select(g => Line(g.Key.Stage, g.Key.TemplateId, g, lenderId, paidAt))
            .ToList();

        var replies = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var followUp in followUps.Where(f => f.LenderId == lenderId && f.CreatedAt >= from && f.CreatedAt < to))
        {
            if (CountedAs(followUp) is { } intent)
            {
                Increment(replies, intent);
            }
        }

        foreach (var row in rows.Where(IsReplyWithoutFollowUp))
        {
            Increment(replies, row.TemplateId[ReplyTemplateIds.Prefix.Length..]);
        }

        return new FunnelReport
        {
            LenderId = lenderId,
            From = from,
            To = to,
            Rows = lines,
            Total = Line("*", "*", rows, lenderId, paidAt),
            RepliesByIntent = replies,
            OptOuts = rows.Count(r => r.Kind == MessageKind.Reply && r.TemplateId == ReplyTemplateIds.For(ReplyKind.OptOutConfirmation)),
            Warnings = Warn(lines),
        };
    }

    private static List<ReportWarning> Warn(IReadOnlyList<FunnelRow> lines)
    {
        var warnings = new List<ReportWarning>();
        foreach (var stage in lines.GroupBy(l => l.Stage))
        {
            var rejected = stage.Sum(l => l.TemplateRejections);
            if (rejected > RejectionWarningThreshold)
            {
                warnings.Add(new ReportWarning(stage.Key, ReportWarning.TemplateRejections, rejected,
                    $"{rejected} {stage.Key} messages were not sent: no template passed the lint or fit the segment budget. Check the stage's template with `lint`."));
            }

            var shortened = stage.Sum(l => l.ShortVariantFallbacks);
            if (shortened > RejectionWarningThreshold)
            {
                warnings.Add(new ReportWarning(stage.Key, ReportWarning.ShortVariantFallbacks, shortened,
                    $"{shortened} {stage.Key} messages went out as the short variant because the full text was over the segment budget."));
            }
        }

        return warnings;
    }

    private static FunnelRow Line(string stage, string templateId, IEnumerable<SendRecord> group, string lenderId, IReadOnlyDictionary<InstallmentKey, DateTimeOffset?> paidAt)
    {
        var rows = group.ToList();
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.State == SendState.Suppressed))
        {
            Increment(reasons, row.Reason ?? "unspecified");
        }

        return new FunnelRow
        {
            Stage = stage,
            TemplateId = templateId,
            Jobs = rows.Count,
            Pending = rows.Count(r => r.State is SendState.Pending or SendState.Sending),
            Suppressed = rows.Count(r => r.State == SendState.Suppressed),
            SuppressedByReason = reasons,
            Sent = rows.Count(r => r.WasSent),
            Delivered = rows.Count(r => r.State == SendState.Delivered),
            Failed = rows.Count(r => r.State == SendState.Failed),
            PaidWithin3Days = rows.Count(r => PaidSoonAfter(r, lenderId, paidAt)),
            ShortVariantFallbacks = rows.Count(r => TemplateNames.IsShortVariant(r.TemplateId)),
            TemplateRejections = rows.Count(r => r.State == SendState.Suppressed && r.Reason == SuppressionReasons.TemplateRejected),
        };
    }

    /// <summary>The keys of installments whose payment date the report needs (sent messages about an installment).</summary>
    public static IReadOnlyList<InstallmentKey> PaymentCandidates(string lenderId, IEnumerable<SendRecord> ledgerRows) =>
        [.. ledgerRows
            .Where(r => r.LenderId == lenderId && r.WasSent && r.SentAt is not null && r.LoanId is not null && r.InstallmentNo is not null)
            .Select(r => new InstallmentKey(lenderId, r.LoanId!, r.InstallmentNo!.Value))
            .Distinct()];

    private static bool PaidSoonAfter(SendRecord row, string lenderId, IReadOnlyDictionary<InstallmentKey, DateTimeOffset?> paidAt) =>
        row.WasSent && row.SentAt is { } sentAt && row.LoanId is { } loanId && row.InstallmentNo is { } number
        && paidAt.TryGetValue(new InstallmentKey(lenderId, loanId, number), out var paid) && paid is { } at
        && at >= sentAt && at <= sentAt + PaidWindow;

    private static int StageOrder(string stage) =>
        Stage.TryParse(stage, out var parsed) && parsed.IsCollection ? parsed.OffsetDays : int.MaxValue;

    private static void Increment(IDictionary<string, int> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var count) ? count + 1 : 1;
}
