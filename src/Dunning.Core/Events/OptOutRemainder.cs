using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Dunning.Core.Events;

/// <summary>
/// What an opt-out reply says besides opting out: "stop calling me, I will pay Friday" leaves "i will pay friday",
/// "别再发了，我下周五就还" leaves "我下周五就还", "STOP STOP, thanks" leaves nothing. Taken out, in this order: the
/// lender's brand (a tag inside 【】 or [], or by name: <see cref="ReplyBrand"/>); the words the deciding phrase covered
/// (<see cref="IntentMatch.MatchedWords"/>) wherever they appear, then those of each further opt-out phrase the reader
/// finds in what is left, so repeats and a second way of saying stop go too; the tables' polite words and the words
/// that go with opting out (<see cref="IntentTable.OptOutPadding"/>: "from your list", "短信"). Punctuation and emoji
/// never become words. A removed phrase ends a stretch of text, so the words either side never join into a new
/// phrase. Pure.
/// </summary>
public sealed class OptOutRemainder
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
    /// True when <paramref name="match"/> is an opt-out and what is left of <paramref name="text"/> without it (and
    /// without <paramref name="brands"/>, by default the reader's <see cref="IntentMatcher.Brand"/>) is at least
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

        var stretches = ReplyText.Clauses(ReplyBrand.WithoutBracketedTags(ReplyText.Fold(text)))
            .Select(c => c.Tokens.Select(t => t.Text).ToList())
            .ToList();
        var brand = brands is null ? reader.Brand : new ReplyBrand(brands);
        Remove(stretches, brand.LengthAt);

        var reading = match;
        for (var removed = 0; removed < MaxOptOutsRemoved && reading is { Intent: ReplyIntent.OptOut, MatchedWords: { } words }; removed++)
        {
            // A keyword inside a sentence may be the complaint itself ("我就去投诉"): only a phrase that says stop goes.
            if (removed > 0 && reading.Doubt.HasFlag(ReplyDoubt.KeywordInSentence))
            {
                break;
            }

            var covered = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (covered.Length == 0 || !Remove(stretches, (stretch, start) => start + covered.Length <= stretch.Count && IsAt(stretch, start, covered) ? covered.Length : 0))
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
    /// Takes out, everywhere, what <paramref name="lengthAt"/> finds (how many words from a place on it covers; a repeated
    /// stop goes at once); the words after each place become a stretch of their own. False when it is nowhere.
    /// </summary>
    private static bool Remove(List<List<string>> stretches, Func<IReadOnlyList<string>, int, int> lengthAt)
    {
        var found = false;
        for (var s = 0; s < stretches.Count; s++)
        {
            for (var at = 0; at < stretches[s].Count; at++)
            {
                var length = lengthAt(stretches[s], at);
                if (length > 0)
                {
                    found = true;
                    stretches.Insert(s + 1, stretches[s][(at + length)..]);
                    stretches[s] = stretches[s][..at];
                    break;
                }
            }
        }

        stretches.RemoveAll(x => x.Count == 0);
        return found;
    }

    private static bool IsAt(IReadOnlyList<string> stretch, int start, IReadOnlyList<string> words)
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
}
