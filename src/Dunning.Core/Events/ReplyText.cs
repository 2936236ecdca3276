using System.Globalization;
using System.Text;

namespace Dunning.Core.Events;

/// <summary>
/// Splits a reply into clauses of tokens after NFKC (full-width letters and digits become ASCII), so the matcher sees
/// "ＳＴＯＰ！" and "stop!" alike. Sentence marks (. ! ? ; , : and their CJK forms) end a clause, and so do brackets, as
/// a tag in them ("【安心贷】退订", "[AcmeLoan] STOP") labels the reply and is no part of its sentence; spaces and line
/// breaks (phones wrap and people press enter mid-sentence), hyphens, emoji and other symbols only separate words;
/// zero-width characters vanish; "don't" becomes "dont". Each CJK character is its own token, so Chinese phrases match with or without spaces and inside mixed text.
/// </summary>
public static class ReplyText
{
    /// <summary>
    /// Longer replies are read up to here: SMS concatenation ends far earlier. The cap counts words, not characters,
    /// because words are what the matcher's work grows with; spaces, emoji and punctuation only cost a linear scan, and
    /// a character cap let such padding push an opt-out at the end out of view (and could cut an emoji in half).
    /// </summary>
    public const int MaxWords = 4096;

    public static IReadOnlyList<ReplyClause> Clauses(string? text)
    {
        var clauses = new List<ReplyClause>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return clauses;
        }

        var folded = Fold(text);
        var tokens = new List<ReplyToken>();
        var word = new StringBuilder();
        var read = 0;

        void EndWord()
        {
            if (word.Length > 0)
            {
                var original = word.ToString();
                tokens.Add(new ReplyToken(original.ToLowerInvariant(), IsCapitalized(original), IsInCapitals(original)));
                read++;
                word.Clear();
            }
        }

        void EndClause(bool question)
        {
            EndWord();
            if (tokens.Count > 0)
            {
                clauses.Add(new ReplyClause([.. tokens], question));
                tokens.Clear();
            }
        }

        foreach (var rune in folded.EnumerateRunes())
        {
            if (read >= MaxWords)
            {
                break;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Format || IsApostrophe(rune.Value) || IsVariationSelector(rune.Value))
            {
                continue;
            }

            if (category == UnicodeCategory.OtherLetter)
            {
                EndWord();
                tokens.Add(new ReplyToken(rune.ToString(), false));
                read++;
            }
            else if (Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                word.Append(rune.ToString());
            }
            else if (IsClauseEnd(rune.Value, out var question))
            {
                EndClause(question);
            }
            else
            {
                EndWord();
            }
        }

        EndClause(false);
        return clauses;
    }

    /// <summary>
    /// NFKC of the text. A lone surrogate (a string cut inside an emoji) becomes U+FFFD first: NFKC throws on it, and a
    /// reply with a broken emoji must still be read.
    /// </summary>
    public static string Fold(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0)
        {
            var wellFormed = new StringBuilder(text.Length);
            Span<char> units = stackalloc char[2];
            foreach (var rune in text.EnumerateRunes())
            {
                wellFormed.Append(units[..rune.EncodeToUtf16(units)]);
            }

            text = wellFormed.ToString();
        }

        return text.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>The tokens of a phrase written in a table (no clause marks expected there).</summary>
    public static IReadOnlyList<string> Words(string phrase) =>
        [.. Clauses(phrase).SelectMany(c => c.Tokens).Select(t => t.Text)];

    /// <summary>"John" but not "JOHN": in a message typed in capitals every word looks like a name.</summary>
    private static bool IsCapitalized(string word) => char.IsUpper(word[0]) && (word.Length == 1 || word.Skip(1).Any(char.IsLower));

    /// <summary>"JOHN", "ISNT": two letters or more, none of them lower case.</summary>
    private static bool IsInCapitals(string word) => word.Count(char.IsUpper) >= 2 && !word.Any(char.IsLower);

    private static bool IsVariationSelector(int c) => c is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    /// <summary>The typewriter apostrophe and the ones phones and word processors put in its place ("isn’t", "isnʼt", "isn′t").</summary>
    private static bool IsApostrophe(int c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4' or '\u2032' or '\u02B9';

    private static bool IsClauseEnd(int c, out bool question)
    {
        question = c is '?' or '\u00BF';
        return question || c is '.' or '!' or ';' or ',' or ':' or '\u3002' or '\u3001' or '\uFF61' or '\uFF64' or '\u2026' or '\u00A1'
            or '[' or ']' or '\u3010' or '\u3011';
    }
}
