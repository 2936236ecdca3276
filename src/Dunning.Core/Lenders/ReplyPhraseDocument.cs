namespace Dunning.Core.Lenders;

/// <summary>
/// One of a lender's own reply phrases as written in its settings document: the words its borrowers use for an
/// intent (or, with intent "none", words that mean none of them), the language, and how the phrase must sit in a
/// reply ("whole", "phrase" or "keyword"). Strings rather than enums so a typo gets a reason, not a parse error.
/// </summary>
public sealed record ReplyPhraseDocument
{
    public string? Language { get; init; }

    public string? Intent { get; init; }

    public string? Text { get; init; }

    public string? Match { get; init; }
}
