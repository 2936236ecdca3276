namespace Dunning.Core.Messaging;

/// <summary>Automatic answers to what a borrower wrote.</summary>
public enum ReplyKind
{
    Help,
    OptOutConfirmation,
    OptInConfirmation,
    PlanReply,
    PaidAcknowledgement,
    /// <summary>To whoever answered a number that is not the borrower's: never mentions a debt.</summary>
    WrongNumberApology,
}
