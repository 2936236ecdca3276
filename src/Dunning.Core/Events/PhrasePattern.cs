namespace Dunning.Core.Events;

/// <summary>
/// A phrase from a table, compiled. A pattern is a row of parts: <c>*</c> between two parts skips up to
/// <see cref="MaxGap"/> words of anything, <c>+</c> joins them with nothing between; a part is a list of choices
/// separated by <c>|</c>, and a choice is one or more words, where <c>&lt;name&gt;</c> is any word written with a
/// capital, as a name is ("this isnt|im not + &lt;name&gt;"). CJK text needs no spaces: each character is a word.
/// A "?" choice also stands for a reply made only of question marks.
/// </summary>
public sealed class PhrasePattern
{
    public const int MaxGap = 3;

    private const string NameMarker = "<name>";

    private readonly IReadOnlyList<Part> parts;

    /// <summary>The words a match can start with (null when it can start with a name): most starts fail at once.</summary>
    private readonly HashSet<string>? firstWords;

    private PhrasePattern(string text, IReadOnlyList<Part> parts, bool questionMarkOnly)
    {
        Text = text;
        this.parts = parts;
        IsQuestionMarkOnly = questionMarkOnly;
        firstWords = parts.Count > 0 && parts[0].Choices.All(c => c[0] is not null)
            ? parts[0].Choices.Select(c => c[0]!).ToHashSet(StringComparer.Ordinal)
            : null;
        Words = parts.SelectMany(p => p.Choices).SelectMany(c => c).Where(a => a is not null).Select(a => a!).ToHashSet(StringComparer.Ordinal);
        HasName = parts.SelectMany(p => p.Choices).Any(c => c.Contains(null));
    }

    public string Text { get; }

    /// <summary>Every word the pattern spells out (not those a gap or a name stands for).</summary>
    public IReadOnlySet<string> Words { get; }

    /// <summary>One of its choices holds a <c>&lt;name&gt;</c>.</summary>
    public bool HasName { get; }

    /// <summary>"?" is one of its choices: it also stands for a reply made only of question marks.</summary>
    public bool IsQuestionMarkOnly { get; }

    /// <summary>The pattern, or null when it holds no word to match.</summary>
    public static PhrasePattern? Compile(string text)
    {
        var parts = new List<Part>();
        var pending = new List<string>();
        var questionMarkOnly = false;

        void Flush(bool gapAfter)
        {
            if (pending.Count > 0)
            {
                var choices = string.Join(' ', pending).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                questionMarkOnly |= choices.Contains("?");
                var compiled = choices.Select(Atoms).Where(atoms => atoms.Count > 0).ToList();
                if (compiled.Count > 0)
                {
                    parts.Add(new Part(compiled, false));
                }

                pending.Clear();
            }

            if (gapAfter && parts.Count > 0)
            {
                parts.Add(new Part([], true));
            }
        }

        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (word)
            {
                case "*":
                    Flush(gapAfter: true);
                    break;
                case "+":
                    Flush(gapAfter: false);
                    break;
                default:
                    pending.Add(word);
                    break;
            }
        }

        Flush(gapAfter: false);
        while (parts.Count > 0 && parts[^1].IsGap)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return parts.Count > 0 || questionMarkOnly ? new PhrasePattern(text.Trim(), parts, questionMarkOnly) : null;
    }

    /// <summary>The end (exclusive) of the shortest match starting at <paramref name="start"/>, or -1.</summary>
    public int MatchAt(IReadOnlyList<ReplyToken> tokens, int start) =>
        parts.Count == 0 || start >= tokens.Count || (firstWords is not null && !firstWords.Contains(tokens[start].Text))
            ? -1
            : Match(tokens, 0, start, requireAll: false);

    /// <summary>True when the pattern covers all of <paramref name="tokens"/>.</summary>
    public bool MatchesAll(IReadOnlyList<ReplyToken> tokens) => tokens.Count > 0 && parts.Count > 0 && Match(tokens, 0, 0, requireAll: true) >= 0;

    private int Match(IReadOnlyList<ReplyToken> tokens, int part, int position, bool requireAll)
    {
        if (part == parts.Count)
        {
            return !requireAll || position == tokens.Count ? position : -1;
        }

        foreach (var next in Steps(tokens, parts[part], position))
        {
            var end = Match(tokens, part + 1, next, requireAll);
            if (end >= 0)
            {
                return end;
            }
        }

        return -1;
    }

    private static IEnumerable<int> Steps(IReadOnlyList<ReplyToken> tokens, Part part, int position)
    {
        if (part.IsGap)
        {
            for (var skip = 0; skip <= MaxGap && position + skip <= tokens.Count; skip++)
            {
                yield return position + skip;
            }

            yield break;
        }

        foreach (var atoms in part.Choices)
        {
            if (StartsWith(tokens, position, atoms))
            {
                yield return position + atoms.Count;
            }
        }
    }

    /// <summary>A choice as words; null stands for a name.</summary>
    private static IReadOnlyList<string?> Atoms(string choice) =>
        [.. choice.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(word => word.Equals(NameMarker, StringComparison.OrdinalIgnoreCase) ? [null] : ReplyText.Words(word).Cast<string?>())];

    private static bool StartsWith(IReadOnlyList<ReplyToken> tokens, int position, IReadOnlyList<string?> atoms)
    {
        if (position + atoms.Count > tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < atoms.Count; i++)
        {
            var token = tokens[position + i];
            if (atoms[i] is { } word ? !string.Equals(token.Text, word, StringComparison.Ordinal) : !token.Capitalized)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Part(IReadOnlyList<IReadOnlyList<string?>> Choices, bool IsGap);
}
