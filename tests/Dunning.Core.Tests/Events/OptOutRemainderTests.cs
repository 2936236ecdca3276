using System.Globalization;
using Dunning.Core.Events;

namespace Dunning.Core.Tests.Events;

/// <summary>
/// Whether an opt-out says more than opting out, on <c>Events/opt-out-says-more.tsv</c> (labels "more", "stop" and
/// "short", see its header) and on the opt-outs of the older <c>reply-corpus.tsv</c>.
/// </summary>
public sealed class OptOutRemainderTests
{
    private const string CorpusFile = "opt-out-says-more.tsv";

    /// <summary>The brands the corpus writes: the harness lender's Chinese brand and a Latin one in brackets.</summary>
    private static readonly string[] Brands = ["安心贷", "AcmeLoan"];

    private static readonly OptOutRemainder Remainder = OptOutRemainder.For(IntentMatcher.Default);

    public static TheoryData<int, string, string> Corpus() => ReplyCorpusTests.TheoryOf(ReplyCorpusTests.ReadCorpus(CorpusFile));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void SaysMore_CorpusOptOut_AsLabelled(int line, string label, string text)
    {
        var match = IntentMatcher.Default.Match(text);

        var saysMore = Remainder.SaysMore(text, match, Brands);

        Assert.True(match.Intent == ReplyIntent.OptOut, $"line {line}: \"{text}\" read as {match.Intent}, not an opt-out");
        Assert.True(saysMore == (label == "more"),
            string.Create(CultureInfo.InvariantCulture, $"line {line} ({label}): \"{text}\" leaves [{string.Join(' ', Remainder.Of(text, match, Brands))}]"));
    }

    [Fact]
    public void Corpus_HoldsAtLeast40RepliesOfBothKindsInBothLanguages()
    {
        var corpus = ReplyCorpusTests.ReadCorpus(CorpusFile);

        Assert.True(corpus.Count >= 40, $"{corpus.Count} replies");
        Assert.Equal(["more", "short", "stop"], corpus.Select(r => r.Expected).Distinct().Order(StringComparer.Ordinal));
        foreach (var label in new[] { "more", "stop" })
        {
            var language = corpus.Where(r => r.Expected == label).Select(r => InboundSmsProcessor.GuessLanguage(r.Text)).ToHashSet();
            Assert.Equal(2, language.Count);
        }

        Assert.Equal(corpus.Count, corpus.Select(r => r.Text).Distinct().Count());
    }

    /// <summary>
    /// The older corpus was written before this class: of its certain opt-outs only the long ones, which do say more
    /// (a promise, a bank arrangement, a complaint), may reach staff; a short padded STOP never does.
    /// </summary>
    [Fact]
    public void SaysMore_OlderCorpusCertainOptOuts_OnlyTheLongOnes()
    {
        var certain = ReplyCorpusTests.ReadCorpus()
            .Select(r => (r.Text, Match: IntentMatcher.Default.Match(r.Text)))
            .Where(r => r.Match is { Intent: ReplyIntent.OptOut, IsDoubtful: false })
            .ToList();

        var saysMore = certain.Where(r => Remainder.SaysMore(r.Text, r.Match)).Select(r => r.Text).ToList();

        Assert.True(certain.Count > 100, $"{certain.Count} certain opt-outs");
        Assert.All(saysMore, text => Assert.True(ReplyText.Words(text).Count >= 10, $"\"{text}\" is short and still says more"));
        Assert.Contains("我会还的，但是请不要再发短信了", saysMore);
        Assert.InRange(saysMore.Count, 1, certain.Count / 10);
    }

    [Theory]
    [InlineData("stop calling me, I will pay Friday", "i will pay friday")]
    [InlineData("别再发了，我下周五就还", "我 下 周 五 就 还")]
    [InlineData("STOP. Stop texting me", "")]
    [InlineData("【安心贷】退订，谢谢", "")]
    [InlineData("安心贷 退订", "")]
    [InlineData("please remove my number from your list", "")]
    [InlineData("Stop texting me, I said stop", "")]
    [InlineData("停止发送！你们再发我就去投诉", "发 我 就 去 投 诉")]
    public void Of_TakesOutTheOptOutsTheBrandAndThePadding(string text, string left)
    {
        var remainder = Remainder.Of(text, IntentMatcher.Default.Match(text), ["安心贷"]);

        Assert.Equal(left, string.Join(' ', remainder));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("pay friday", false)]
    [InlineData("i will pay", true)]
    [InlineData("明 天", false)]
    [InlineData("明 天 还", true)]
    [InlineData("5 号", false)]
    [InlineData("5 号 还", true)]
    public void IsSubstantial_AtThreeWordsOrCjkCharacters_MixesAddingUp(string words, bool substantial)
    {
        Assert.Equal(substantial, OptOutRemainder.IsSubstantial(words.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("I will pay Friday")]
    [InlineData("don't stop the reminders, I will pay Friday")]
    public void SaysMore_ReplyThatIsNoOptOut_IsFalse(string text)
    {
        Assert.False(Remainder.SaysMore(text, IntentMatcher.Default.Match(text)));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(". I will pay Friday", true)]
    public void SaysMore_AnOptOutRepeatedAHundredTimes_IsTakenOutEverywhere(string rest, bool saysMore)
    {
        var text = string.Join(". ", Enumerable.Repeat("stop texting me", 100)) + rest;

        Assert.Equal(saysMore, Remainder.SaysMore(text, IntentMatcher.Default.Match(text)));
    }
}
