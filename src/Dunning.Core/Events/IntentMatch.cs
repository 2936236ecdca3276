namespace Dunning.Core.Events;

/// <summary>
/// What the reply reader decided and why: the intent, the table phrase that decided it (null for
/// <see cref="ReplyIntent.Other"/>), that phrase's language, the other intents the reply also asked for, and the
/// doubts. A doubtful reading is still acted on, and its text goes to staff.
/// </summary>
public sealed record IntentMatch(
    ReplyIntent Intent,
    string? Phrase,
    string? Language,
    ReplyDoubt Doubt,
    IReadOnlyList<ReplyIntent> AlsoAsked)
{
    public static readonly IntentMatch Nothing = new(ReplyIntent.Other, null, null, ReplyDoubt.None, []);

    public bool IsDoubtful => Doubt != ReplyDoubt.None;
}
