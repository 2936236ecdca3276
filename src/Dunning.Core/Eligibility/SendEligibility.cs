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

        var borrower = await borrowers.GetAsync(request.LenderId, request.BorrowerId, cancellationToken);
        if (borrower is null)
        {
            return EligibilityDecision.Suppress(SuppressionReasons.UnknownBorrower);
        }

        Installment? installment = null;
        if (request.LoanId is not null && request.InstallmentNo is { } installmentNo)
        {
            installment = await installments.GetAsync(new InstallmentKey(request.LenderId, request.LoanId, installmentNo), cancellationToken);
            if (installment is null || installment.BorrowerId != borrower.BorrowerId)
            {
                return EligibilityDecision.Suppress(SuppressionReasons.UnknownInstallment);
            }
        }

        if (!Stage.TryParse(request.Stage, out var stage))
        {
            return EligibilityDecision.Suppress(SuppressionReasons.NotInCadence);
        }

        var phone = await borrowers.FindPhoneAsync(request.LenderId, borrower.PhoneHash, cancellationToken);
        var window = SendWindow.For(settings, SendWindow.ResolveTimeZone(borrower.TimeZone, settings.DefaultTimeZone));
        var standing = Standing(settings, borrower, phone, installment, stage, now, window);
        if (standing.Verdict != Verdict.Send)
        {
            return standing;
        }

        var timing = Timing(now, window);
        if (timing.Verdict != Verdict.Send)
        {
            return timing;
        }

        if (!reserve)
        {
            var entries = await capLedger.GetAsync(request.LenderId, borrower.BorrowerId, cancellationToken);
            return CapPolicy.Evaluate(entries, request.JobId, now, window, settings);
        }

        return await capLedger.ReserveAsync(
            request.LenderId,
            borrower.BorrowerId,
            request.JobId,
            now,
            entries => CapPolicy.Evaluate(entries, request.JobId, now, window, settings),
            cancellationToken);
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

    /// <summary>Everything that does not depend on the clock's hour: consent, the number, payment, pauses, staleness.</summary>
    internal static EligibilityDecision Standing(
        LenderSettings settings,
        Borrower borrower,
        PhoneStatus? phone,
        Installment? installment,
        Stage stage,
        DateTimeOffset now,
        SendWindow window)
    {
        if (!borrower.Consent || installment is { Consent: false })
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
