using Dunning.Core.Lenders;

namespace Dunning.Core.Events;

public enum ReplyKind
{
    OptOutConfirmed,
    OptInConfirmed,
    Help,
    PaidAcknowledged,
    PlanOffered,
    WrongNumberAcknowledged,
}

/// <summary>
/// The auto-reply texts. A stop-gap port until Messaging's ReplyComposer is wired in its place: the
/// wrong-number text must never mention a debt, an amount or a payment.
/// </summary>
public interface IReplyTexts
{
    string Compose(ReplyKind kind, string language, LenderSettings lender);
}

/// <summary>The ledger template ids of auto-replies ("reply-opt-out" ...): the report counts replies by them.</summary>
public static class ReplyTemplateIds
{
    public const string Prefix = "reply-";
    public const string Version = "1";

    public static string For(ReplyKind kind) => kind switch
    {
        ReplyKind.OptOutConfirmed => Prefix + "opt-out",
        ReplyKind.OptInConfirmed => Prefix + "opt-in",
        ReplyKind.Help => Prefix + "help",
        ReplyKind.PaidAcknowledged => Prefix + "paid",
        ReplyKind.PlanOffered => Prefix + "plan",
        ReplyKind.WrongNumberAcknowledged => Prefix + "wrong-number",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Replies sent to a number right after it was opted out or flagged: the send-time eligibility check must let
    /// these (and only these) through the opt-out and wrong-number rules.
    /// </summary>
    public static bool IsComplianceConfirmation(string templateId) =>
        templateId == For(ReplyKind.OptOutConfirmed) || templateId == For(ReplyKind.WrongNumberAcknowledged);
}
