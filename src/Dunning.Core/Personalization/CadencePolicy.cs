using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;

namespace Dunning.Core.Personalization;

/// <summary>Whether this borrower gets this stage at all, and whether the message offers a repayment plan.</summary>
public sealed record CadenceDecision(bool Allowed, string? Reason, bool PlanOffer)
{
    public static CadenceDecision Skip(string reason) => new(false, reason, false);
}

/// <summary>
/// Personalization beyond fields. A borrower with a clean on-time history gets only the lender's clean-history
/// stages before the due date; a high-segment borrower always gets the lender's earliest reminder and is offered
/// a plan from the first overdue stage on. Formal notices always offer a plan.
/// </summary>
public static class CadencePolicy
{
    public static CadenceDecision Evaluate(Stage stage, Borrower borrower, Installment? installment, LenderSettings settings)
    {
        if (!stage.IsCollection)
        {
            return new CadenceDecision(true, null, false);
        }

        var schedule = StageSchedule.For(settings);
        if (!schedule.Contains(stage))
        {
            return CadenceDecision.Skip(SuppressionReasons.NotInCadence);
        }

        var highSegment = borrower.IsHighRisk || string.Equals(installment?.Segment, "high", StringComparison.OrdinalIgnoreCase);
        var planOffer = stage.IsOverdue && (highSegment || stage.Tone == Tone.FormalNotice);
        if (stage.OffsetDays <= 0 && HasCleanHistory(borrower, settings)
            && !settings.CleanHistoryStages.Any(name => Stage.TryParse(name, out var kept) && kept.OffsetDays == stage.OffsetDays)
            && !(highSegment && schedule.Earliest is { } earliest && earliest.OffsetDays == stage.OffsetDays))
        {
            return CadenceDecision.Skip(SuppressionReasons.NotInCadence);
        }

        return new CadenceDecision(true, null, planOffer);
    }

    public static bool HasCleanHistory(Borrower borrower, LenderSettings settings) =>
        borrower.LatePayments == 0 && borrower.OnTimePayments >= settings.CleanHistoryMinimumOnTime;
}
