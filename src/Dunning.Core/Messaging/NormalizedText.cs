using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dunning.Core.Messaging;

/// <summary>
/// The form of a text the forbidden-word rules read: NFKC (full-width "ｐｏｌｉｃｅ" becomes "police"), lower case,
/// accents and zero-width characters dropped, Cyrillic look-alikes read as Latin, curly apostrophes straight,
/// whitespace collapsed, spaced-out letters joined ("p.o.l.i.c.e", "j a i l") and separators between Chinese
/// characters removed ("坐 牢", "曝*光"). Every character remembers the span of the original text it came from, so
/// a finding can quote what the lender actually wrote.
/// </summary>
public sealed partial class NormalizedText
{
    private readonly string original;
    private readonly int[] starts;
    private readonly int[] ends;

    private NormalizedText(string original, string text, int[] starts, int[] ends)
    {
        this.original = original;
        Text = text;
        this.starts = starts;
        this.ends = ends;
    }

    public string Text { get; }

    /// <summary>The original words behind the normalized range [start, start + length).</summary>
    public string Original(int start, int length)
    {
        if (length <= 0)
        {
            return "";
        }

        var from = starts[start];
        var to = ends[start + length - 1];
        return original[from..to];
    }

    public static NormalizedText From(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var chars = new List<(char Char, int Start, int End)>(original.Length);
        var index = 0;
        foreach (var rune in original.EnumerateRunes())
        {
            var start = index;
            index += rune.Utf16SequenceLength;
            foreach (var c in Fold(rune))
            {
                if (char.IsWhiteSpace(c))
                {
                    // One space for any run of whitespace; a leading run disappears.
                    if (chars.Count > 0 && chars[^1].Char != ' ')
                    {
                        chars.Add((' ', start, index));
                    }
                }
                else
                {
                    chars.Add((c, start, index));
                }
            }
        }

        var folded = new string([.. chars.Select(c => c.Char)]);
        var removed = new bool[chars.Count];
        foreach (Match spaced in SpacedLetters().Matches(folded))
        {
            for (var i = spaced.Index; i < spaced.Index + spaced.Length; i++)
            {
                removed[i] = !char.IsAsciiLetter(folded[i]);
            }
        }

        foreach (Match gap in SeparatorBetweenHan().Matches(folded))
        {
            Array.Fill(removed, true, gap.Index, gap.Length);
        }

        var kept = chars.Where((_, i) => !removed[i]).ToList();
        return new NormalizedText(
            original,
            new string([.. kept.Select(c => c.Char)]).TrimEnd(),
            [.. kept.Select(c => c.Start)],
            [.. kept.Select(c => c.End)]);
    }

    /// <summary>One original character as the rules read it: compatibility-decomposed, marks and format characters dropped.</summary>
    private static string Fold(Rune rune)
    {
        if (rune.IsAscii)
        {
            // Most of an SMS: nothing to decompose, only case.
            return rune.Value is >= 'A' and <= 'Z' ? ((char)(rune.Value + 32)).ToString() : rune.ToString();
        }

        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return "";
        }

        var decomposed = rune.ToString().Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(LookAlike(char.ToLowerInvariant(c)));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormKC);
    }

    /// <summary>Letters from other scripts that pass for Latin ones in "pоlice" (Cyrillic о), and typographic apostrophes.</summary>
    private static char LookAlike(char c) => c switch
    {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ο' => 'o',
        'ι' => 'i',
        'α' => 'a',
        '\u2018' or '\u2019' or '\u02BC' => '\'',
        _ => c,
    };

    /// <summary>Three or more single Latin letters separated only by spaces or punctuation: "p.o.l.i.c.e", "j a i l".</summary>
    [GeneratedRegex(@"(?<![a-z0-9])[a-z](?:[\s.\-_*·•~|/\\+']+[a-z](?![a-z0-9])){2,}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SpacedLetters();

    /// <summary>Spaces and filler symbols between two Chinese characters ("坐 牢", "曝.光"); clause punctuation stays.</summary>
    [GeneratedRegex(@"(?<=\p{IsCJKUnifiedIdeographs})[\s.\-_*·•~|/\\+]+(?=\p{IsCJKUnifiedIdeographs})", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SeparatorBetweenHan();
}
