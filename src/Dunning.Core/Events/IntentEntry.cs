namespace Dunning.Core.Events;

/// <summary>An intent and the phrases that say it in one language.</summary>
public sealed record IntentEntry(ReplyIntent Intent, IReadOnlyList<IntentPhrase> Phrases);
