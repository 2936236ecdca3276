namespace Dunning.Core.Events;

/// <summary>
/// A phrase a lender adds to the reply reader (<see cref="Dunning.Core.Lenders.LenderSettings.ReplyPhrases"/>): its borrowers'
/// own words for an intent, or, with no <see cref="Intent"/>, a phrase that means none of them (a mask). A lender
/// can add phrases but never remove the defaults, and its masks never hide an opt-out.
/// </summary>
public sealed record LenderReplyPhrase
{
    /// <summary>"en" or "zh-CN": the language the match reports.</summary>
    public required string Language { get; init; }

    /// <summary>The intent the phrase says; null for a mask.</summary>
    public ReplyIntent? Intent { get; init; }

    public required string Text { get; init; }

    public PhraseMatch Match { get; init; } = PhraseMatch.Phrase;
}
