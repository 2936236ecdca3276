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
}
