using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Dunning.Core.Events;

/// <summary>
/// What an opt-out reply says besides opting out: "stop calling me, I will pay Friday" leaves "i will pay friday",
/// "别再发了，我下周五就还" leaves "我下周五就还", "STOP STOP, thanks" leaves nothing. Taken out, in this order: the
/// lender's brand (inside 【】 or [], or by name); the words the deciding phrase covered
/// (<see cref="IntentMatch.MatchedWords"/>) wherever they appear, then those of each further opt-out phrase the reader
/// finds in what is left, so repeats and a second way of saying stop go too; the tables' polite words and the words
/// that go with opting out (<see cref="IntentTable.OptOutPadding"/>: "from your list", "短信"). Punctuation and emoji
/// never become words. A removed phrase ends a stretch of text, so the words either side never join into a new
/// phrase. Pure.
/// </summary>
public sealed partial class OptOutRemainder
{
    /// <summary>
    /// A remainder of this many words is a message of its own: "I will pay", "pay on 20th", "people are scammers".
    /// Measured on tests/Dunning.Core.Tests/Events/opt-out-says-more.tsv (100 replies): at 2, padded stops ("stop
    /// texting me for good", "at once") reach staff; at 4, "pay on the 20th" and "this is the fifth message today" do
    /// not. At 3 the misses are two-word promises ("Paying Friday"), labelled "short" there.
    /// </summary>
    public const int MinLatinWords = 3;

    /// <summary>
    /// The same in CJK characters. A Chinese promise or hardship is often three: "明天还", "周五还", "我失业" (了 is a
    /// polite word); at 4 all three are missed, at 2 "骗子" (an insult) reaches staff. Measured on the same corpus, a
    /// character weighs as a word.
    /// </summary>
    public const int MinCjkCharacters = 3;

    /// <summary>Different opt-out phrases taken out one after another before the rest is measured as it stands.</summary>
    public const int MaxOptOutsRemoved = 16;

    private static readonly ConditionalWeakTable<IntentMatcher, OptOutRemainder> PerReader = new();

    private readonly IntentMatcher reader;
    private readonly IReadOnlyList<IReadOnlyList<string>> padding;

    private OptOutRemainder(IntentMatcher reader)
    {
        this.reader = reader;
        padding = [.. reader.Tables.SelectMany(t => t.Polite.Concat(t.OptOutPadding)).Select(ReplyText.Words).Where(w => w.Count > 0).OrderByDescending(w => w.Count)];
    }

    /// <summary>The remainder as this reader (with the same tables and lender phrases) reads it.</summary>
    public static OptOutRemainder For(IntentMatcher reader) => PerReader.GetValue(reader, r => new OptOutRemainder(r));

    /// <summary>
    /// True when <paramref name="match"/> is an opt-out and what is left of <paramref name="text"/> without it is at least
    /// <see cref="MinLatinWords"/> words or <see cref="MinCjkCharacters"/> characters; in a mixed reply each counts
    /// toward its own threshold ("I will 下周还").
    /// </summary>
    public bool SaysMore(string? text, IntentMatch match, IEnumerable<string>? brands = null) =>
        match.Intent == ReplyIntent.OptOut && IsSubstantial(Of(text, match, brands));

    /// <summary>The words left of an opt-out reply (folded, one CJK character per word), in reading order.</summary>
    public IReadOnlyList<string> Of(string? text, IntentMatch match, IEnumerable<string>? brands = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var stretches = ReplyText.Clauses(BracketedBrand().Replace(ReplyText.Fold(text), ". "))
            .Select(c => c.Tokens.Select(t => t.Text).ToList())
            .ToList();
        foreach (var brand in brands ?? [])
        {
            Remove(stretches, ReplyText.Words(brand));
        }

        var reading = match;
        for (var removed = 0; removed < MaxOptOutsRemoved && reading is { Intent: ReplyIntent.OptOut, MatchedWords: { } words }; removed++)
        {
            // A keyword inside a sentence may be the complaint itself ("我就去投诉"): only a phrase that says stop goes.
            if (removed > 0 && reading.Doubt.HasFlag(ReplyDoubt.KeywordInSentence))
            {
                break;
            }

            if (!Remove(stretches, words.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                break;
            }

            reading = reader.Match(string.Join(". ", stretches.Select(s => string.Join(' ', s))));
        }

        return [.. stretches.SelectMany(WithoutPadding)];
    }

    /// <summary>At least <see cref="MinLatinWords"/> words or <see cref="MinCjkCharacters"/> CJK characters, or a mix worth as much.</summary>
    public static bool IsSubstantial(IReadOnlyList<string> words)
    {
        var cjk = words.Count(IsCjkCharacter);
        var latin = words.Count - cjk;
        return latin * MinCjkCharacters + cjk * MinLatinWords >= MinLatinWords * MinCjkCharacters;
    }

    /// <summary>The tokenizer makes every CJK character (any "other letter") a word of its own.</summary>
    private static bool IsCjkCharacter(string word) =>
        Rune.DecodeFromUtf16(word, out var rune, out var length) == OperationStatus.Done
        && length == word.Length && Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherLetter;

    /// <summary>
    /// Takes <paramref name="words"/> out everywhere (a repeated stop goes at once); the words after each place become a
    /// stretch of their own. False when they are nowhere.
    /// </summary>
    private static bool Remove(List<List<string>> stretches, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return false;
        }

        var found = false;
        for (var s = 0; s < stretches.Count; s++)
        {
            var at = IndexOf(stretches[s], words);
            if (at >= 0)
            {
                found = true;
                stretches.Insert(s + 1, stretches[s][(at + words.Count)..]);
                stretches[s] = stretches[s][..at];
            }
        }

        stretches.RemoveAll(x => x.Count == 0);
        return found;
    }

    private static int IndexOf(List<string> stretch, IReadOnlyList<string> words)
    {
        for (var start = 0; start + words.Count <= stretch.Count; start++)
        {
            if (IsAt(stretch, start, words))
            {
                return start;
            }
        }

        return -1;
    }

    private static bool IsAt(List<string> stretch, int start, IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (!string.Equals(stretch[start + i], words[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The stretch without polite words and opt-out padding, the longest first at each place ("thank you" before "you").</summary>
    private IEnumerable<string> WithoutPadding(List<string> stretch)
    {
        for (var i = 0; i < stretch.Count;)
        {
            var skip = padding.FirstOrDefault(f => i + f.Count <= stretch.Count && IsAt(stretch, i, f))?.Count ?? 0;
            if (skip > 0)
            {
                i += skip;
                continue;
            }

            yield return stretch[i];
            i++;
        }
    }

    /// <summary>A brand the way Chinese carriers require it (【安心贷】) or written in square brackets, up to 24 characters.</summary>
    [GeneratedRegex(@"【[^】]{0,24}】|\[[^\]]{0,24}\]")]
    private static partial Regex BracketedBrand();
}
