using System.Text.RegularExpressions;
using Dunning.Core.Lenders;

namespace Dunning.Core.Events;

/// <summary>
/// A lender's brand as borrowers write it back around their answer: by name, in any case, with or without its spaces
/// ("AcmeLoan: STOP", "STOP - acme loan", "安心贷 退订"), or by the first word of a brand of several words when that
/// word has at least <see cref="MinShortFormLetters"/> letters ("STOP - Acme" for "AcmeLoan" or "Acme Loan"); and, for
/// any sender, a tag in brackets as carriers show it (【安心贷】, [AcmeLoan]). The reader sets the brand aside when it
/// decides whether a keyword stands alone (<see cref="IntentMatcher"/>); <see cref="OptOutRemainder"/> takes it out.
/// </summary>
public sealed partial class ReplyBrand
{
    /// <summary>"Acme" stands for "AcmeLoan"; "The" does not stand for "The Loan Shop".</summary>
    public const int MinShortFormLetters = 4;

    private readonly HashSet<string> spellings;
    private readonly int longest;

    /// <param name="names">The brand and its localized forms as the lender configured them.</param>
    public ReplyBrand(IEnumerable<string> names)
    {
        spellings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            spellings.Add(Joined(name));
            var parts = CamelHump().Replace(name.Trim(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1 && Joined(parts[0]) is { Length: >= MinShortFormLetters } shortForm && shortForm.All(char.IsLetter))
            {
                spellings.Add(shortForm);
            }
        }

        spellings.Remove("");
        longest = spellings.Count == 0 ? 0 : spellings.Max(s => s.Length);
    }

    /// <summary>No brand by name; brackets still mark a tag.</summary>
    public static ReplyBrand None { get; } = new([]);

    public static ReplyBrand Of(LenderSettings lender) => new([lender.Brand, .. lender.LocalizedBrands.Values]);

    /// <summary>
    /// How many of <paramref name="words"/> (reply tokens, folded) from <paramref name="position"/> on spell the brand,
    /// the longest spelling first; 0 when none does.
    /// </summary>
    public int LengthAt(IReadOnlyList<string> words, int position)
    {
        var found = 0;
        var joined = "";
        for (var end = position; end < words.Count && joined.Length < longest; end++)
        {
            joined += words[end];
            if (spellings.Contains(joined))
            {
                found = end - position + 1;
            }
        }

        return found;
    }

    /// <summary>
    /// The folded text with each tag in brackets (up to 24 characters: a carrier signature is far shorter) replaced by a
    /// clause end, so the words either side never join.
    /// </summary>
    public static string WithoutBracketedTags(string folded) => BracketedTag().Replace(folded, ". ");

    private static string Joined(string name) => string.Concat(ReplyText.Words(name));

    [GeneratedRegex(@"(?<=\p{Ll})(?=\p{Lu})")]
    private static partial Regex CamelHump();

    [GeneratedRegex(@"【[^】]{0,24}】|\[[^\]]{0,24}\]")]
    private static partial Regex BracketedTag();
}
