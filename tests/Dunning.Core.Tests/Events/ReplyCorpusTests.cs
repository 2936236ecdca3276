using System.Globalization;
using Dunning.Core.Events;

namespace Dunning.Core.Tests.Events;

/// <summary>Every reply in <c>Events/reply-corpus.tsv</c> reads as the intent written beside it.</summary>
public sealed class ReplyCorpusTests
{
    public static TheoryData<int, string, string> Corpus() => TheoryOf(ReadCorpus());

    /// <summary>Corpus rows as theory data: line, label, reply.</summary>
    internal static TheoryData<int, string, string> TheoryOf(IEnumerable<(int Line, string Expected, string Text)> rows)
    {
        var data = new TheoryData<int, string, string>();
        foreach (var (line, expected, text) in rows)
        {
            data.Add(line, expected, text);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Match_CorpusReply_ReadsAsExpected(int line, string expected, string text) => AssertReadsAs(line, expected, text);

    /// <summary>Case says nothing of the intent: a reply typed with caps lock on reads as the same reply in lower case.</summary>
    [Theory]
    [MemberData(nameof(Corpus))]
    public void Match_CorpusReplyInCapitals_ReadsAsWritten(int line, string expected, string text) =>
        AssertReadsAs(line, expected, text.ToUpperInvariant());

    /// <summary>Phones write ’ (and some keyboards ʼ or ′) where people mean ': "don’t stop", "this isn’t John".</summary>
    [Theory]
    [MemberData(nameof(Corpus))]
    public void Match_CorpusReplyWithTypographicApostrophes_ReadsAsWritten(int line, string expected, string text)
    {
        foreach (var apostrophe in new[] { "\u2019", "\u02BC", "\u2032" })
        {
            AssertReadsAs(line, expected, text.Replace("'", apostrophe, StringComparison.Ordinal));
        }
    }

    private static void AssertReadsAs(int line, string expected, string text)
    {
        var match = IntentMatcher.Default.Match(text);

        Assert.True(Enum.Parse<ReplyIntent>(expected) == match.Intent,
            string.Create(CultureInfo.InvariantCulture, $"line {line}: \"{text}\" read as {match.Intent} by '{match.Phrase}' ({match.Doubt}), expected {expected}"));
    }

    [Fact]
    public void Corpus_HoldsAtLeast300RepliesInBothLanguagesAndEveryIntent()
    {
        var corpus = ReadCorpus();

        Assert.True(corpus.Count >= 300, $"{corpus.Count} replies");
        Assert.Contains(corpus, r => InboundSmsProcessor.GuessLanguage(r.Text) == Dunning.Core.Lenders.Languages.Chinese);
        Assert.Contains(corpus, r => InboundSmsProcessor.GuessLanguage(r.Text) == Dunning.Core.Lenders.Languages.English);
        Assert.Equal(Enum.GetNames<ReplyIntent>().Order(), corpus.Select(r => r.Expected).Distinct().Order());
        Assert.Equal(corpus.Count, corpus.Select(r => r.Text).Distinct().Count());
    }

    /// <summary>The rows of a label-tab-reply file beside the tests (comments and blank lines skipped), with their line numbers.</summary>
    internal static IReadOnlyList<(int Line, string Expected, string Text)> ReadCorpus(string fileName = "reply-corpus.tsv")
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Events", fileName);
        var rows = new List<(int, string, string)>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            var tab = raw.IndexOf('\t', StringComparison.Ordinal);
            Assert.True(tab > 0, $"line {number} has no tab");
            rows.Add((number, raw[..tab], raw[(tab + 1)..]));
        }

        return rows;
    }
}
