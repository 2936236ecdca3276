namespace Dunning.Core.Events;

/// <summary>One phrase of a table (see <see cref="PhrasePattern"/> for how it is written).</summary>
public sealed record IntentPhrase(string Text, PhraseMatch Match = PhraseMatch.Phrase);
