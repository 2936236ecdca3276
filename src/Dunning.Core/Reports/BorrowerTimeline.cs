using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;

namespace Dunning.Core.Reports;

/// <summary>One thing that happened to a borrower, newest first in <see cref="BorrowerTimeline.Events"/>.</summary>
/// <param name="Type">message, staff-reply, reply, payment, opt-out or pause.</param>
/// <param name="Reading">For a reply: how it was read (null when not recorded).</param>
public sealed record TimelineEvent(
    DateTimeOffset At,
    string Type,
    string? Stage = null,
    string? TemplateId = null,
    string? State = null,
    string? Reason = null,
    string? DeliveryStatus = null,
    string? Text = null,
    string? Kind = null,
    string? FollowUpId = null,
    string? LoanId = null,
    int? InstallmentNo = null,
    decimal? Amount = null,
    string? Currency = null,
    DateTimeOffset? Until = null,
    string? JobId = null,
    ReplyReadingView? Reading = null);

/// <summary>Where the borrower stands now: what decides whether the next message may go.</summary>
public sealed record BorrowerState(
    bool OptedOut, DateTimeOffset? OptedOutAt, bool WrongNumber, DateTimeOffset? PausedUntil,
    int MessagesCountedLast7Days, int MaxMessagesPer7Days, int MaxMessagesPerDay);

public sealed record TimelineInstallment(
    string LoanId, int InstallmentNo, DateOnly DueDate, decimal AmountDue, string Currency, decimal AmountPaid,
    DateTimeOffset? PaidAt, DateTimeOffset? PausedUntil, bool PlanRequested);

/// <summary>
/// One borrower's history for the console: every message (stage, delivery status; the text only of staff answers,
/// the only sent texts the book keeps), every reply and how it was read, payments, opt-out, pauses, and the state now.
/// Pure: the handler reads the rows, this puts them in order.
/// </summary>
public sealed record BorrowerTimeline(
    string BorrowerId, string Name, string Phone, string Language, string TimeZone, bool Consent,
    BorrowerState State, IReadOnlyList<TimelineInstallment> Installments, IReadOnlyList<TimelineEvent> Events)
{
    public static BorrowerTimeline Build(
        LenderSettings lender, Borrower borrower, PhoneStatus? phone, IReadOnlyList<SendRecord> messages,
        IReadOnlyList<FollowUp> followUps, IReadOnlyList<Installment> installments, DateTimeOffset now)
    {
        var staffTexts = followUps.SelectMany(f => f.StaffReplies).Where(r => r.Text is not null)
            .GroupBy(r => r.JobId).ToDictionary(g => g.Key, g => g.First().Text);
        var events = new List<TimelineEvent>();
        events.AddRange(messages.Select(m => new TimelineEvent(
            m.SentAt ?? m.CreatedAt,
            m.Kind == MessageKind.StaffReply ? "staff-reply" : "message",
            Stage: m.Stage,
            TemplateId: m.TemplateId,
            State: m.State.ToString().ToLowerInvariant(),
            Reason: m.Reason,
            DeliveryStatus: m.DeliveryStatus,
            Text: staffTexts.GetValueOrDefault(m.JobId),
            LoanId: m.LoanId,
            InstallmentNo: m.InstallmentNo,
            JobId: m.JobId)));
        events.AddRange(followUps.Select(f => new TimelineEvent(
            f.CreatedAt, "reply", Text: f.Text, Kind: f.Kind.ToString(), State: f.Status.ToString().ToLowerInvariant(),
            Reason: f.Outcome, FollowUpId: f.Id, Reading: ReplyReadingView.Of(f.Reading))));
        events.AddRange(installments.Where(i => i.PaidAt is not null).Select(i => new TimelineEvent(
            i.PaidAt!.Value, "payment", LoanId: i.LoanId, InstallmentNo: i.InstallmentNo, Amount: i.AmountPaid, Currency: i.AmountDue.Currency)));
        if (phone?.OptedOutAt is { } optedOutAt)
        {
            events.Add(new TimelineEvent(optedOutAt, "opt-out"));
        }

        if (phone?.PausedUntil is { } pausedUntil && pausedUntil > now)
        {
            events.Add(new TimelineEvent(now, "pause", Until: pausedUntil));
        }

        events.AddRange(installments.Where(i => i.PausedUntil > now).Select(i => new TimelineEvent(
            now, "pause", LoanId: i.LoanId, InstallmentNo: i.InstallmentNo, Until: i.PausedUntil)));

        var state = new BorrowerState(
            phone?.OptedOut ?? false,
            phone?.OptedOutAt,
            phone?.WrongNumber ?? false,
            phone?.PausedUntil > now ? phone.PausedUntil : null,
            CapPolicy.CountInRollingWindow(phone?.Caps ?? [], now),
            lender.MaxMessagesPer7Days,
            lender.MaxMessagesPerDay);
        return new BorrowerTimeline(
            borrower.BorrowerId, borrower.Name, LenderConsoleHandler.MaskPhone(borrower.PhoneE164), borrower.Language, borrower.TimeZone, borrower.Consent,
            state,
            [.. installments.OrderBy(i => i.DueDate).Select(i => new TimelineInstallment(
                i.LoanId, i.InstallmentNo, i.DueDate, i.AmountDue.Amount, i.AmountDue.Currency, i.AmountPaid, i.PaidAt, i.PausedUntil, i.PlanRequested))],
            [.. events.OrderByDescending(e => e.At)]);
    }
}
