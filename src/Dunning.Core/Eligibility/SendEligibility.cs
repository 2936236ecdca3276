using Dunning.Core.Borrowers;
using Dunning.Core.Events;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;

namespace Dunning.Core.Eligibility;

/// <summary>
/// The one rule set deciding whether a message may go now, later, or never. Replies answer the borrower's own
/// message, so they are exempt from consent, quiet hours and caps; once the number is opted out or flagged as a
/// wrong number, only the confirmation of that may still go (a HELP answer queued just before a STOP may not).
/// </summary>
public sealed class SendEligibility(
    ILenderDirectory lenders,
    IBorrowerDirectory borrowers,
    IInstallmentStore installments,
    ICapLedger capLedger,
    TimeProvider time) : ISendEligibility
{
    public Task<EligibilityDecision> CheckAsync(EligibilityRequest request, CancellationToken cancellationToken = default) =>
        DecideAsync(request, reserve: false, cancellationToken);

    public Task<EligibilityDecision> CheckAndReserveAsync(EligibilityRequest request, CancellationToken cancellationToken = default) =>
        DecideAsync(request, reserve: true, cancellationToken);

    private async Task<EligibilityDecision> DecideAsync(EligibilityRequest request, bool reserve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = request.Now == default ? time.GetUtcNow() : request.Now;
        var settings = await lenders.FindAsync(request.LenderId, cancellationToken);
        if (settings is null)
        {
            return EligibilityDecision.Suppress(SuppressionReasons.UnknownLender);
        }

        if (request.Kind == MessageKind.Reply)
        {
            return await ReplyDecisionAsync(request, cancellationToken);
        }

        if (request.Kind == MessageKind.StaffReply)
        {
            return await StaffReplyDecisionAsync(settings, request, now, cancellationToken);
        }

        // What personalize established about the borrower (consent, number, zone) travels with the message; what
        // can change before the send (opt-out, payment, pause, caps) is read again below.
        var known = request.Known;
        var borrower = known?.Borrower ?? (known?.SentFromPersonalize == true
            ? null
            : await borrowers.GetAsync(request.LenderId, request.BorrowerId, cancellationToken));
        if (borrower is null && known?.SentFromPersonalize != true)
        {
            return EligibilityDecision.Suppress(SuppressionReasons.UnknownBorrower);
        }

        Installment? installment = null;
        if (request.LoanId is not null && request.InstallmentNo is { } installmentNo)
        {
            installment = known?.Installment
                ?? await installments.GetAsync(new InstallmentKey(request.LenderId, request.LoanId, installmentNo), known?.InstallmentDueDate, cancellationToken);
            if (installment is null || installment.BorrowerId != request.BorrowerId)
            {
                return EligibilityDecision.Suppress(SuppressionReasons.UnknownInstallment);
            }
        }

        if (!Stage.TryParse(request.Stage, out var stage))
        {
            return EligibilityDecision.Suppress(SuppressionReasons.NotInCadence);
        }

        var phoneHash = borrower?.PhoneHash ?? request.PhoneHash ?? "";
        var consent = borrower?.Consent ?? true;
        var window = SendWindow.For(settings, SendWindow.ResolveTimeZone(borrower?.TimeZone ?? known?.TimeZone, settings.DefaultTimeZone));
        var phone = known?.Phone ?? await borrowers.FindPhoneAsync(request.LenderId, phoneHash, cancellationToken);
        EligibilityDecision Decide(PhoneStatus? status)
        {
            var standing = Standing(settings, consent, status, installment, stage, now, window);
            if (standing.Verdict != Verdict.Send)
            {
                return standing;
            }

            var timing = Timing(now, window);
            return timing.Verdict != Verdict.Send ? timing : CapPolicy.Evaluate(status?.Caps ?? [], request.JobId, now, window, settings);
        }

        if (!reserve)
        {
            return Decide(phone);
        }

        var decision = await capLedger.ReserveAsync(request.LenderId, phoneHash, request.JobId, now, phone, Decide, cancellationToken);
        if (decision.Verdict != Verdict.Send && known?.Phone is not null)
        {
            // The status personalize read can only be more lenient than today's if it changed, and then the claim
            // re-read it; a refusal on the carried status is confirmed on a fresh read before it stands.
            decision = await capLedger.ReserveAsync(request.LenderId, phoneHash, request.JobId, now, null, Decide, cancellationToken);
        }

        return decision;
    }

    private async Task<EligibilityDecision> ReplyDecisionAsync(EligibilityRequest request, CancellationToken cancellationToken)
    {
        if (ReplyTemplateIds.IsComplianceConfirmation(request.TemplateId))
        {
            return EligibilityDecision.Send;
        }

        var phoneHash = request.PhoneHash ?? (await borrowers.GetAsync(request.LenderId, request.BorrowerId, cancellationToken))?.PhoneHash;
        var phone = phoneHash is null ? null : await borrowers.FindPhoneAsync(request.LenderId, phoneHash, cancellationToken);
        return phone switch
        {
            { OptedOut: true } => EligibilityDecision.Suppress(SuppressionReasons.OptedOut),
            { WrongNumber: true } => EligibilityDecision.Suppress(SuppressionReasons.WrongNumber),
            _ => EligibilityDecision.Send,
        };
    }

    /// <summary>
    /// A staff answer goes only to a number that may be messaged and only inside the borrower's send window; it
    /// answers the borrower's own message, so like the automatic replies it takes no cap slot.
    /// </summary>
    private async Task<EligibilityDecision> StaffReplyDecisionAsync(LenderSettings settings, EligibilityRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var borrower = await borrowers.GetAsync(request.LenderId, request.BorrowerId, cancellationToken);
        if (borrower is null)
        {
            return EligibilityDecision.Suppress(SuppressionReasons.UnknownBorrower);
        }

        var phone = await borrowers.FindPhoneAsync(request.LenderId, borrower.PhoneHash, cancellationToken);
        return phone switch
        {
            { OptedOut: true } => EligibilityDecision.Suppress(SuppressionReasons.OptedOut),
            { WrongNumber: true } => EligibilityDecision.Suppress(SuppressionReasons.WrongNumber),
            _ => Timing(now, SendWindow.For(settings, SendWindow.ResolveTimeZone(borrower.TimeZone, settings.DefaultTimeZone))),
        };
    }

    /// <summary>Everything that does not depend on the clock's hour: consent, the number, payment, pauses, staleness.</summary>
    internal static EligibilityDecision Standing(
        LenderSettings settings,
        bool borrowerConsent,
        PhoneStatus? phone,
        Installment? installment,
        Stage stage,
        DateTimeOffset now,
        SendWindow window)
    {
        if (!borrowerConsent || installment is { Consent: false })
        {
            return EligibilityDecision.Suppress(SuppressionReasons.NoConsent);
        }

        if (phone is { WrongNumber: true })
        {
            return EligibilityDecision.Suppress(SuppressionReasons.WrongNumber);
        }

        if (phone is { OptedOut: true })
        {
            return EligibilityDecision.Suppress(SuppressionReasons.OptedOut);
        }

        if (phone?.PausedUntil is { } numberPausedUntil && numberPausedUntil > now && stage.Tone != Tone.ThankYou)
        {
            return EligibilityDecision.Suppress(SuppressionReasons.Paused);
        }

        if (installment is null)
        {
            return EligibilityDecision.Send;
        }

        if (stage.Tone == Tone.ThankYou)
        {
            if (!installment.IsPaid)
            {
                return EligibilityDecision.Suppress(SuppressionReasons.NotPaid);
            }

            var paidOn = installment.PaidAt is { } paidAt ? window.LocalDate(paidAt) : (DateOnly?)null;
            return StageSchedule.For(settings).IsSuperseded(stage, installment.DueDate, window.LocalDate(now), paidOn)
                ? EligibilityDecision.Suppress(SuppressionReasons.Superseded)
                : EligibilityDecision.Send;
        }

        if (installment.IsPaid)
        {
            return EligibilityDecision.Suppress(SuppressionReasons.Paid);
        }

        if (installment.PausedUntil is { } pausedUntil && pausedUntil > now)
        {
            return EligibilityDecision.Suppress(SuppressionReasons.Paused);
        }

        if (installment.PlanRequested && stage.IsOverdue)
        {
            return EligibilityDecision.Suppress(SuppressionReasons.Paused);
        }

        var schedule = StageSchedule.For(settings);
        if (!schedule.Contains(stage))
        {
            return EligibilityDecision.Suppress(SuppressionReasons.NotInCadence);
        }

        var today = window.LocalDate(now);
        if (schedule.IsSuperseded(stage, installment.DueDate, today))
        {
            return EligibilityDecision.Suppress(SuppressionReasons.Superseded);
        }

        if (schedule.IsBeforeItsDay(stage, installment.DueDate, today))
        {
            var dayStarts = window.StartOfLocalDay(StageSchedule.DateOf(stage, installment.DueDate));
            return window.NextAllowed(dayStarts) is { } opens
                ? EligibilityDecision.Defer(SuppressionReasons.NotYetDue, opens)
                : EligibilityDecision.Suppress(SuppressionReasons.NoSendDay);
        }

        return EligibilityDecision.Send;
    }

    /// <summary>Quiet hours and no-send days in the borrower's zone.</summary>
    internal static EligibilityDecision Timing(DateTimeOffset now, SendWindow window)
    {
        if (window.Allows(now))
        {
            return EligibilityDecision.Send;
        }

        var reason = window.IsNoSendDay(now) ? SuppressionReasons.NoSendDay : SuppressionReasons.QuietHours;
        return window.NextAllowed(now) is { } next
            ? EligibilityDecision.Defer(reason, next)
            : EligibilityDecision.Suppress(SuppressionReasons.NoSendDay);
    }
}
