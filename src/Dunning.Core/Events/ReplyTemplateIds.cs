using Dunning.Core.Messaging;

namespace Dunning.Core.Events;

/// <summary>
/// The ledger template ids of auto-replies ("reply-opt-out" ...), the same as their template names whether the
/// lender's own template or the default one was used: the report counts replies by them.
/// </summary>
public static class ReplyTemplateIds
{
    public const string Prefix = "reply-";

    public static string For(ReplyKind kind) => TemplateNames.ForReply(kind);

    /// <summary>
    /// Replies that answer the opt-out or the wrong-number message itself: the only messages that may still go
    /// to a number once it is opted out or flagged. Any other reply queued before the STOP is dropped.
    /// </summary>
    public static bool IsComplianceConfirmation(string? templateId) =>
        templateId == For(ReplyKind.OptOutConfirmation) || templateId == For(ReplyKind.WrongNumberApology);
}
