using System.Runtime.CompilerServices;
using Dunning.Core.Lenders;

namespace Dunning.Core.Events;

/// <summary>
/// The reply reader: a rule engine over the phrase tables (<see cref="IntentTable"/>, one per language, all applied to
/// every reply so mixed Chinese and English reads as well as either). A reply is split into clauses
/// (<see cref="ReplyText"/>); every phrase of every intent is looked for in every clause; a hit is dropped when a
/// negator stands before it ("don't stop …") or a mask covers it ("stop a payment"); of what survives, the weightiest
/// intent wins (<see cref="Precedence"/>), so an opt-out anywhere in the reply wins. The result names the deciding
/// phrase and says what made the reading doubtful.
/// </summary>
public sealed class IntentMatcher
{
    /// <summary>Weightiest first. Opt-out wins over everything: a missed opt-out is the costly error.</summary>
    public static readonly IReadOnlyList<ReplyIntent> Precedence =
        [ReplyIntent.OptOut, ReplyIntent.WrongNumber, ReplyIntent.OptIn, ReplyIntent.Plan, ReplyIntent.Paid, ReplyIntent.Help];

    /// <summary>Words that may stand between a negator and the phrase it negates ("don't *really want to* stop").</summary>
    public const int MaxBridges = 4;

    private readonly IReadOnlyList<IntentTable> tables;
    private readonly IReadOnlyList<CompiledPhrase> phrases;
    private readonly IReadOnlyList<CompiledMask> masks;
    private readonly IReadOnlyList<IReadOnlyList<string>> polite;
    private readonly IReadOnlyList<IReadOnlyList<string>> negators;
    private readonly HashSet<string> politeStarts;
    private readonly HashSet<string> bridges;
    private readonly HashSet<string> questionStarts;
    private readonly HashSet<string> questionEnds;
    private readonly HashSet<string> notNames;
    private readonly HashSet<string> vocabulary;
    private readonly IReadOnlyList<string> notNameEndings;
    private readonly ReplyBrand brand;
    private readonly ConditionalWeakTable<LenderSettings, IntentMatcher> perLender = new();

    /// <param name="tables">The phrase tables, one per language.</param>
    /// <param name="lenderPhrases">The lender's own phrases, added to the tables.</param>
    /// <param name="brand">The lender's brand, set aside around a keyword ("AcmeLoan STOP" is a bare STOP).</param>
    public IntentMatcher(IReadOnlyList<IntentTable> tables, IReadOnlyList<LenderReplyPhrase>? lenderPhrases = null, ReplyBrand? brand = null)
    {
        this.tables = tables;
        this.brand = brand ?? ReplyBrand.None;
        var compiled = new List<CompiledPhrase>();
        var maskList = new List<CompiledMask>();
        foreach (var table in tables)
        {
            foreach (var entry in table.Intents)
            {
                foreach (var phrase in entry.Phrases)
                {
                    if (PhrasePattern.Compile(phrase.Text) is { } pattern)
                    {
                        compiled.Add(new CompiledPhrase(entry.Intent, pattern, phrase.Match, table.Language));
                    }
                }
            }

            maskList.AddRange(table.Masks.Select(PhrasePattern.Compile).OfType<PhrasePattern>().Select(p => new CompiledMask(p, FromLender: false)));
        }

        foreach (var phrase in lenderPhrases ?? [])
        {
            if (PhrasePattern.Compile(phrase.Text) is not { } pattern)
            {
                continue;
            }

            if (phrase.Intent is { } intent && intent != ReplyIntent.Other)
            {
                compiled.Add(new CompiledPhrase(intent, pattern, phrase.Match, phrase.Language));
            }
            else
            {
                maskList.Add(new CompiledMask(pattern, FromLender: true));
            }
        }

        phrases = compiled;
        masks = maskList;
        polite = [.. tables.SelectMany(t => t.Polite).Select(ReplyText.Words).Where(w => w.Count > 0).OrderByDescending(w => w.Count)];
        politeStarts = [.. polite.Select(words => words[0])];
        negators = [.. tables.SelectMany(t => t.Negators).Select(ReplyText.Words).Where(w => w.Count > 0)];
        bridges = [.. tables.SelectMany(t => t.NegationBridges).SelectMany(ReplyText.Words)];
        questionStarts = [.. tables.SelectMany(t => t.QuestionStarts).SelectMany(ReplyText.Words)];
        questionEnds = [.. tables.SelectMany(t => t.QuestionEnds).SelectMany(ReplyText.Words)];
        notNames = [.. tables.SelectMany(t => t.NotNames).SelectMany(ReplyText.Words)];
        vocabulary =
        [
            .. notNames, .. negators.SelectMany(w => w), .. polite.SelectMany(w => w), .. bridges, .. questionStarts, .. questionEnds,
            .. phrases.SelectMany(p => p.Pattern.Words), .. masks.SelectMany(m => m.Pattern.Words),
            .. tables.SelectMany(t => t.OptOutPadding).SelectMany(ReplyText.Words),
        ];
        notNameEndings = [.. tables.SelectMany(t => t.NotNameEndings).Select(e => e.ToLowerInvariant())];
    }

    /// <summary>The tables this reader reads with (the lender's own phrases aside).</summary>
    public IReadOnlyList<IntentTable> Tables => tables;

    /// <summary>The lender's brand this reader knows (<see cref="ReplyBrand.None"/> for the default reader).</summary>
    public ReplyBrand Brand => brand;

    /// <summary>The reader over the embedded tables.</summary>
    public static IntentMatcher Default { get; } = new(IntentTable.LoadEmbedded());

    /// <summary>This reader with the lender's own phrases and brand added (the same instance while its settings are unchanged).</summary>
    public IntentMatcher For(LenderSettings lender) =>
        perLender.GetValue(lender, l => new IntentMatcher(tables, l.ReplyPhrases, ReplyBrand.Of(l)));

    public IntentMatch Match(string? message)
    {
        var clauses = ReplyText.Clauses(message);
        if (clauses.Count == 0)
        {
            return OnlyQuestionMarks(message);
        }

        var hits = new List<Hit>();
        for (var c = 0; c < clauses.Count; c++)
        {
            FindHits(clauses[c], c, hits);
        }

        var alive = hits.Where(h => !h.Negated && !h.Masked).ToList();
        if (alive.Count == 0)
        {
            return IntentMatch.Nothing with { Doubt = CancelledDoubt(hits, Precedence.Count) };
        }

        var rank = alive.Min(h => Rank(h.Phrase.Intent));
        var intent = Precedence[rank];
        var best = alive.Where(h => h.Phrase.Intent == intent)
            .OrderBy(h => h.Phrase.Match)
            .ThenByDescending(h => h.End - h.Start)
            .First();
        var also = alive.Select(h => h.Phrase.Intent).Where(i => i != intent).Distinct().OrderBy(Rank).ToList();
        var doubt = CancelledDoubt(hits, rank);
        if (best.Phrase.Match == PhraseMatch.Keyword)
        {
            doubt |= ReplyDoubt.KeywordInSentence;
        }

        if (best.Phrase.Match != PhraseMatch.Whole && IsQuestion(clauses[best.Clause]))
        {
            doubt |= ReplyDoubt.Question;
        }

        if (also.Count > 0)
        {
            doubt |= ReplyDoubt.Mixed;
        }

        if (best.NameInCapitals)
        {
            doubt |= ReplyDoubt.NameInCapitals;
        }

        var words = string.Join(' ', clauses[best.Clause].Tokens.Skip(best.Start).Take(best.End - best.Start).Select(t => t.Text));
        return new IntentMatch(intent, best.Phrase.Pattern.Text, best.Phrase.Language, doubt, also, words);
    }

    private void FindHits(ReplyClause clause, int index, List<Hit> hits)
    {
        var tokens = clause.Tokens.Select(MayBeName).ToList();
        var core = Core(tokens, withoutBrand: true) is { Count: > 0 } bare ? bare : Core(tokens, withoutBrand: false);
        var maskSpans = new List<(int Start, int End, bool FromLender)>();
        foreach (var mask in masks)
        {
            for (var start = 0; start < tokens.Count; start++)
            {
                var end = mask.Pattern.MatchAt(tokens, start);
                if (end > start)
                {
                    maskSpans.Add((start, end, mask.FromLender));
                }
            }
        }

        foreach (var phrase in phrases)
        {
            if (phrase.Match == PhraseMatch.Whole)
            {
                if (phrase.Pattern.MatchesAll(core))
                {
                    hits.Add(new Hit(phrase, index, 0, tokens.Count, Negated: false, Masked: false, NameInCapitals(tokens, 0, tokens.Count, phrase.Pattern)));
                }

                continue;
            }

            for (var start = 0; start < tokens.Count; start++)
            {
                var end = phrase.Pattern.MatchAt(tokens, start);
                if (end <= start)
                {
                    continue;
                }

                var masked = maskSpans.Any(m => m.Start < end && start < m.End && m.End - m.Start >= end - start
                    && !(m.FromLender && phrase.Intent == ReplyIntent.OptOut));
                hits.Add(new Hit(phrase, index, start, end, IsNegated(tokens, start) || IsNegatedInside(tokens, start, end, phrase.Pattern), masked,
                    NameInCapitals(tokens, start, end, phrase.Pattern)));
            }
        }
    }

    /// <summary>
    /// Whether a word may be the name a wrong-number phrase looks for. Written like a name ("John") it may, unless it is a
    /// word that starts sentences ("It", "This"). Written in capitals ("JOHN", "RIGHT") its case says nothing, in a reply
    /// typed with caps lock as in one that shouts a single word: it may when it is no word the reader knows (any word of
    /// the tables, or one listed as not a name) and has no ending names lack ("-ing", "-able"), so "THIS ISN'T JOHN"
    /// reads as "this isn't John" and "THIS ISN'T RIGHT" as "this isn't right". A word in lower case never does: the
    /// phrases around a name ("not …") are too common.
    /// </summary>
    private ReplyToken MayBeName(ReplyToken token) =>
        token.Capitalized ? (notNames.Contains(token.Text) ? token with { Capitalized = false } : token)
        : token.InCapitals && !vocabulary.Contains(token.Text) && !HasNotNameEnding(token.Text) ? token with { Capitalized = true }
        : token;

    /// <summary>An ending of the table's and at least two letters before it: "lying" has one, "king" does not.</summary>
    private bool HasNotNameEnding(string word) =>
        notNameEndings.Any(ending => word.Length >= ending.Length + 2 && word.EndsWith(ending, StringComparison.Ordinal));

    /// <summary>The pattern wants a name and the span holds a word in capitals that only the vocabulary made one.</summary>
    private static bool NameInCapitals(IReadOnlyList<ReplyToken> tokens, int start, int end, PhrasePattern pattern) =>
        pattern.HasName && Enumerable.Range(start, end - start).Any(i => tokens[i] is { InCapitals: true, Capitalized: true });

    /// <summary>
    /// The clause without polite padding and, when <paramref name="withoutBrand"/>, without the lender's brand ("STOP -
    /// Acme"), with repeats collapsed ("stop stop stop" → "stop"). A clause that is only the brand keeps it: a brand
    /// that is itself a keyword must still read.
    /// </summary>
    private List<ReplyToken> Core(IReadOnlyList<ReplyToken> tokens, bool withoutBrand)
    {
        var texts = withoutBrand ? tokens.Select(t => t.Text).ToList() : null;
        var kept = new List<ReplyToken>(tokens.Count);
        for (var i = 0; i < tokens.Count;)
        {
            var skip = texts is null ? 0 : brand.LengthAt(texts, i);
            if (skip == 0 && politeStarts.Contains(tokens[i].Text))
            {
                skip = polite.FirstOrDefault(words => StartsWith(tokens, i, words))?.Count ?? 0;
            }

            if (skip > 0)
            {
                i += skip;
                continue;
            }

            if (kept.Count == 0 || kept[^1].Text != tokens[i].Text)
            {
                kept.Add(tokens[i]);
            }

            i++;
        }

        for (var length = 1; length <= kept.Count / 2; length++)
        {
            if (kept.Count % length == 0 && Enumerable.Range(length, kept.Count - length).All(i => kept[i].Text == kept[i % length].Text))
            {
                return kept[..length];
            }
        }

        return kept;
    }

    /// <summary>A negator right before <paramref name="start"/>, or separated from it only by bridge words.</summary>
    private bool IsNegated(IReadOnlyList<ReplyToken> tokens, int start)
    {
        for (var position = start - 1; position >= 0 && start - 1 - position <= MaxBridges; position--)
        {
            if (negators.Any(words => EndsAt(tokens, position, words) && !IsAnswerChoice(tokens, position - words.Count + 1, position)))
            {
                return true;
            }

            if (!bridges.Contains(tokens[position].Text))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>"能不能", "可不可以": the same word on both sides of 不 asks a question and negates nothing.</summary>
    private static bool IsAnswerChoice(IReadOnlyList<ReplyToken> tokens, int first, int last) =>
        first == last && tokens[first].Text == "不" && first > 0 && last + 1 < tokens.Count && tokens[first - 1].Text == tokens[last + 1].Text;

    /// <summary>A negator inside the span that the phrase does not itself spell ("I * paid" over "I have not paid").</summary>
    private bool IsNegatedInside(IReadOnlyList<ReplyToken> tokens, int start, int end, PhrasePattern pattern)
    {
        for (var position = start; position < end; position++)
        {
            foreach (var words in negators)
            {
                if (position - words.Count + 1 >= start && EndsAt(tokens, position, words) && !words.All(pattern.Words.Contains)
                    && !IsAnswerChoice(tokens, position - words.Count + 1, position))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsQuestion(ReplyClause clause) =>
        clause.IsQuestion || questionStarts.Contains(clause.Tokens[0].Text) || questionEnds.Contains(clause.Tokens[^1].Text);

    /// <summary>Doubt from hits of an intent weightier than the one chosen that a negator or a mask dropped.</summary>
    private static ReplyDoubt CancelledDoubt(IEnumerable<Hit> hits, int chosenRank)
    {
        var doubt = ReplyDoubt.None;
        foreach (var hit in hits.Where(h => Rank(h.Phrase.Intent) < chosenRank))
        {
            doubt |= hit.Negated ? ReplyDoubt.Negated : ReplyDoubt.None;
            doubt |= hit.Masked ? ReplyDoubt.Masked : ReplyDoubt.None;
        }

        return doubt;
    }

    private IntentMatch OnlyQuestionMarks(string? message)
    {
        if (message is null || !ReplyText.Fold(message).Contains('?', StringComparison.Ordinal))
        {
            return IntentMatch.Nothing;
        }

        var phrase = phrases.FirstOrDefault(p => p.Pattern.IsQuestionMarkOnly);
        return phrase is null ? IntentMatch.Nothing : new IntentMatch(phrase.Intent, "?", phrase.Language, ReplyDoubt.None, [], "?");
    }

    private static int Rank(ReplyIntent intent)
    {
        for (var i = 0; i < Precedence.Count; i++)
        {
            if (Precedence[i] == intent)
            {
                return i;
            }
        }

        return Precedence.Count;
    }

    private static bool StartsWith(IReadOnlyList<ReplyToken> tokens, int position, IReadOnlyList<string> words)
    {
        if (position < 0 || position + words.Count > tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (!string.Equals(tokens[position + i].Text, words[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool EndsAt(IReadOnlyList<ReplyToken> tokens, int position, IReadOnlyList<string> words) =>
        position - words.Count + 1 >= 0 && StartsWith(tokens, position - words.Count + 1, words);

    private sealed record CompiledPhrase(ReplyIntent Intent, PhrasePattern Pattern, PhraseMatch Match, string Language);

    private sealed record CompiledMask(PhrasePattern Pattern, bool FromLender);

    private sealed record Hit(CompiledPhrase Phrase, int Clause, int Start, int End, bool Negated, bool Masked, bool NameInCapitals);
}
