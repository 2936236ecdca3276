namespace Dunning.Core.Events;

/// <summary>What a borrower's reply asks for. <see cref="Other"/> is free text for staff.</summary>
public enum ReplyIntent
{
    Other,
    OptOut,
    OptIn,
    Help,
    Paid,
    Plan,
    WrongNumber,

    /// <summary>The borrower says they will pay ("I'll pay Friday", "明天还"): not a payment, nor a request for a plan.</summary>
    Promise,
}
