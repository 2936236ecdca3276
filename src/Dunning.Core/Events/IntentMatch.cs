namespace Dunning.Core.Events;

/// <summary>
/// What the reply reader decided and why: the intent, the table phrase that decided it (null for
/// <see cref="ReplyIntent.Other"/>), that phrase's language, the other intents the reply also asked for, the doubts,
/// and the reply's own words the phrase covered (folded; the borrower's text, so never logged). A doubtful reading is
/// still acted on, and its text goes to staff.
/// </summary>
public sealed record IntentMatch(
    ReplyIntent Intent,
    string? Phrase,
    string? Language,
    ReplyDoubt Doubt,
    IReadOnlyList<ReplyIntent> AlsoAsked,
    string? MatchedWords = null)
{
    public static readonly IntentMatch Nothing = new(ReplyIntent.Other, null, null, ReplyDoubt.None, []);

    public bool IsDoubtful => Doubt != ReplyDoubt.None;
}
