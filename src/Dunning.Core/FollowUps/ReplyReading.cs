using Dunning.Core.Events;

namespace Dunning.Core.FollowUps;

/// <summary>
/// How the reply reader read the reply that raised a follow-up, kept so staff can judge whether it read it right: the
/// intent acted on, its doubts (none for a certain reading), the other intents the reply also asked for and the
/// language of the deciding phrase. The deciding phrase and the reply's own words it covered quote the borrower (the
/// phrase often repeats them), so they follow the rule for reply text: kept only when the lender keeps reply text, and
/// only until <see cref="WordsExpireAt"/>. For a certain reading the words are all staff see of the reply.
/// </summary>
public sealed record ReplyReading(
    ReplyIntent Intent,
    ReplyDoubt Doubt,
    IReadOnlyList<ReplyIntent> AlsoAsked,
    string? Language,
    string? Phrase = null,
    string? MatchedWords = null,
    DateTimeOffset? WordsExpireAt = null)
{
    public bool IsDoubtful => Doubt != ReplyDoubt.None;

    /// <summary>The doubts one by one, in the order the flags are declared.</summary>
    public IReadOnlyList<ReplyDoubt> Doubts => [.. Enum.GetValues<ReplyDoubt>().Where(d => d != ReplyDoubt.None && Doubt.HasFlag(d))];

    /// <summary>The reading to store; <paramref name="wordsExpireAt"/> null (the lender keeps no reply text) keeps nothing quoted.</summary>
    public static ReplyReading Of(IntentMatch match, DateTimeOffset? wordsExpireAt)
    {
        var phrase = wordsExpireAt is null ? null : match.Phrase;
        var words = wordsExpireAt is null ? null : match.MatchedWords;
        return new ReplyReading(
            match.Intent, match.Doubt, match.AlsoAsked, match.Language, phrase, words,
            phrase is null && words is null ? null : wordsExpireAt);
    }

    /// <summary>The reading as it may be shown at <paramref name="now"/>: the quoted words past their retention are dropped.</summary>
    public ReplyReading RedactedAt(DateTimeOffset now) =>
        (Phrase is not null || MatchedWords is not null) && (WordsExpireAt is null || WordsExpireAt <= now)
            ? this with { Phrase = null, MatchedWords = null, WordsExpireAt = null }
            : this;
}
