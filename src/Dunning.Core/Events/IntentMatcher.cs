using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.Core.Events;

/// <summary>
/// Reads a borrower's reply against the phrase table in <c>intents.json</c> (data, not code). Both the message
/// and the phrases are normalised the same way: NFKC (full-width → half-width), upper case, and whitespace,
/// punctuation and symbols removed, so "ＳＴＯＰ", " stop! " and "Stop." all read as STOP.
/// </summary>
public sealed class IntentMatcher
{
    private readonly IReadOnlyList<(ReplyIntent Intent, IReadOnlyList<Phrase> Phrases)> table;

    public IntentMatcher(IntentTable table)
    {
        this.table = [.. table.Intents.Select(entry => (entry.Intent,
            (IReadOnlyList<Phrase>)[.. entry.Phrases.Select(p => new Phrase(Normalize(p.Text), p.Match))]))];
    }

    /// <summary>The matcher over the embedded default phrase table.</summary>
    public static IntentMatcher Default { get; } = new(IntentTable.LoadEmbedded());

    public ReplyIntent Match(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return ReplyIntent.Other;
        }

        var text = Normalize(message);
        foreach (var (intent, phrases) in table)
        {
            foreach (var phrase in phrases)
            {
                var hit = phrase.Match == PhraseMatch.Contains
                    ? text.Contains(phrase.Text, StringComparison.Ordinal)
                    : text.Equals(phrase.Text, StringComparison.Ordinal);
                if (hit)
                {
                    return intent;
                }
            }
        }

        return ReplyIntent.Other;
    }

    /// <summary>
    /// NFKC, upper case, without whitespace, punctuation and symbols. A message made only of punctuation
    /// ("?", "？？") keeps its symbols so that "?" can still mean help.
    /// </summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        var kept = new StringBuilder(folded.Length);
        var symbols = new StringBuilder();
        foreach (var rune in folded.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || category == UnicodeCategory.Format)
            {
                continue;
            }

            if (Rune.IsPunctuation(rune) || Rune.IsSymbol(rune))
            {
                // Collapse repeats: "???" reads as "?".
                if (symbols.Length == 0 || symbols[^1] != (char)rune.Value)
                {
                    symbols.Append(rune.ToString());
                }

                continue;
            }

            kept.Append(rune.ToString());
        }

        return kept.Length > 0 ? kept.ToString() : symbols.ToString();
    }

    private sealed record Phrase(string Text, PhraseMatch Match);
}

public enum PhraseMatch
{
    Exact,
    Contains,
}

public sealed record IntentPhrase(string Text, PhraseMatch Match);

public sealed record IntentEntry(ReplyIntent Intent, IReadOnlyList<IntentPhrase> Phrases);

/// <summary>The phrase table: intents in priority order, each with its phrases.</summary>
public sealed record IntentTable(IReadOnlyList<IntentEntry> Intents)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static IntentTable Parse(string json) =>
        JsonSerializer.Deserialize<IntentTable>(json, Options) is { Intents: not null } table
            ? table
            : throw new JsonException("The intent table has no intents.");

    public static IntentTable LoadEmbedded()
    {
        using var stream = typeof(IntentTable).Assembly.GetManifestResourceStream("Dunning.Core.Events.intents.json")
            ?? throw new InvalidOperationException("The embedded intents.json is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }
}
