using Dunning.Core.Events;
using Dunning.Core.Tests.Events.Fakes;
using FsCheck;
using FsCheck.Fluent;

namespace Dunning.Core.Tests.Events;

/// <summary>
/// Padding an opt-out with polite words, punctuation, emoji or whitespace, or changing its case or width, never turns
/// it into anything else. The opt-outs are every opt-out of the corpus.
/// </summary>
public sealed class ReplyOptOutPropertyTests
{
    private static readonly string[] OptOuts =
        [.. ReplyCorpusTests.ReadCorpus().Where(r => r.Expected == nameof(ReplyIntent.OptOut)).Select(r => r.Text)];

    private static readonly string[] Polite =
        ["please", "Please", "pls", "thanks", "thank you", "Thanks!", "sorry", "hi", "Hello,", "ok", "kindly", "谢谢", "请", "麻烦了", "您好，", "谢谢！"];

    private static readonly string[] Marks = ["!", "!!!", ".", "...", "?", "？", "！", "。", "，", ",", "~", "🙏", "🛑", "😡", "👍🏽", "❤️", " ", "  ", "\t", "\n", "　"];

    /// <summary>
    /// The shapes the property found (the space edit compounds: each one multiplies the spaces): more than 4096
    /// characters of emoji and spaces before the opt-out, which a cap on characters cut off unread ...
    /// </summary>
    private static readonly string LongPadding = string.Concat(Enumerable.Repeat("🙏 \n", 1600));

    /// <summary>... and an emoji across character 4096, which that cap cut in half, so NFKC threw.</summary>
    private static readonly string HalvedEmojiPadding = new string(' ', 4095) + "🛑 ";

    [Fact]
    public void Match_OptOutWithPaddingOrCaseChanges_StaysOptOut()
    {
        var edits = Gen.Elements(OptOuts)
            .SelectMany(text => Gen.ListOf(Edit()).Select(list => list.Aggregate(text, (current, edit) => edit(current))));

        Prop.ForAll(edits.ToArbitrary(), text => IntentMatcher.Default.Match(text).Intent == ReplyIntent.OptOut)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Match_EveryCorpusOptOutWithEachSingleEdit_StaysOptOut()
    {
        foreach (var text in OptOuts)
        {
            foreach (var variant in new[]
            {
                "please " + text, text + " thanks", text + "!!!", "🙏" + text + "🙏", text.ToUpperInvariant(), text.ToLowerInvariant(),
                Wide(text), "  " + text + "\n", "谢谢，" + text, text + "，谢谢", "Hi, " + text,
                LongPadding + text, HalvedEmojiPadding + text,
            })
            {
                Assert.True(IntentMatcher.Default.Match(variant).Intent == ReplyIntent.OptOut, $"\"{variant}\" from \"{text}\"");
            }
        }
    }

    private static Gen<Func<string, string>> Edit() =>
        Gen.OneOf(
            Gen.Elements(Polite).Select(word => (Func<string, string>)(text => word + " " + text)),
            Gen.Elements(Polite).Select(word => (Func<string, string>)(text => text + " " + word)),
            Gen.Elements(Marks).Select(mark => (Func<string, string>)(text => text + mark)),
            Gen.Elements(Marks).Select(mark => (Func<string, string>)(text => mark + text)),
            Gen.Elements(Marks.Where(m => m.Trim().Length == 0 || char.IsSurrogate(m[0])).ToArray())
                .Select(space => (Func<string, string>)(text => text.Replace(" ", " " + space, StringComparison.Ordinal))),
            Gen.Constant<Func<string, string>>(text => text.ToUpperInvariant()),
            Gen.Constant<Func<string, string>>(text => text.ToLowerInvariant()),
            Gen.Constant<Func<string, string>>(Wide),
            Gen.Choose(0, int.MaxValue).Select(seed => (Func<string, string>)(text => RandomCase(text, seed))));

    /// <summary>ASCII letters and punctuation in their full-width forms, as a Chinese keyboard types them.</summary>
    private static string Wide(string text) =>
        string.Concat(text.Select(c => c is > ' ' and <= '~' ? (char)(c - 0x21 + 0xFF01) : c));

    private static string RandomCase(string text, int seed)
    {
        var random = new Random(seed);
        return string.Concat(text.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
    }
}
