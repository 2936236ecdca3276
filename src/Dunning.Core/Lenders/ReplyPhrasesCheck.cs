using Dunning.Core.Events;

namespace Dunning.Core.Lenders;

/// <summary>Checks the reply phrases of a settings document and turns them into the reader's own phrases.</summary>
public static class ReplyPhrasesCheck
{
    /// <summary>The intent a mask is written with: the phrase means none of the intents.</summary>
    public const string NoIntent = "none";

    public const int MaxPhrases = 200;
    public const int MaxPhraseLength = 60;

    private static readonly Dictionary<string, ReplyIntent> Intents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["opt-out"] = ReplyIntent.OptOut,
        ["opt-in"] = ReplyIntent.OptIn,
        ["help"] = ReplyIntent.Help,
        ["paid"] = ReplyIntent.Paid,
        ["plan"] = ReplyIntent.Plan,
        ["promise"] = ReplyIntent.Promise,
        ["wrong-number"] = ReplyIntent.WrongNumber,
    };

    public static string NameOf(ReplyIntent intent) => Intents.Single(pair => pair.Value == intent).Key;

    public static IReadOnlyList<LenderReplyPhrase> Read(IReadOnlyList<ReplyPhraseDocument>? phrases, Action<string, string> refuse)
    {
        if (phrases is null)
        {
            return [];
        }

        if (phrases.Count > MaxPhrases)
        {
            refuse("replyPhrases", $"has {phrases.Count} phrases; at most {MaxPhrases}");
            return [];
        }

        var read = new List<LenderReplyPhrase>();
        for (var i = 0; i < phrases.Count; i++)
        {
            var field = $"replyPhrases[{i}]";
            var phrase = phrases[i];
            var language = Languages.Normalize(phrase.Language);
            var fine = true;
            if (language is null || !Languages.Supported.Contains(language))
            {
                refuse(field + ".language", $"'{phrase.Language}' is not a reply language here (one of {string.Join(", ", Languages.Supported)})");
                fine = false;
            }

            ReplyIntent? intent = null;
            if (string.Equals(phrase.Intent, NoIntent, StringComparison.OrdinalIgnoreCase))
            {
                intent = null;
            }
            else if (phrase.Intent is not null && Intents.TryGetValue(phrase.Intent, out var known))
            {
                intent = known;
            }
            else
            {
                refuse(field + ".intent", $"'{phrase.Intent}' is not an intent (one of {string.Join(", ", Intents.Keys)}, or {NoIntent} for words that mean none of them)");
                fine = false;
            }

            if (string.IsNullOrWhiteSpace(phrase.Text) || phrase.Text.Trim().Length > MaxPhraseLength || phrase.Text.Any(char.IsControl))
            {
                refuse(field + ".text", $"must be 1 to {MaxPhraseLength} characters on one line");
                fine = false;
            }

            var match = PhraseMatch.Phrase;
            if (phrase.Match is not null && !(Enum.TryParse(phrase.Match, ignoreCase: true, out match) && Enum.IsDefined(match)))
            {
                refuse(field + ".match", $"'{phrase.Match}' is not a way to match (whole, phrase or keyword)");
                fine = false;
            }

            if (fine)
            {
                read.Add(new LenderReplyPhrase { Language = language!, Intent = intent, Text = phrase.Text!.Trim(), Match = match });
            }
        }

        return read;
    }
}
