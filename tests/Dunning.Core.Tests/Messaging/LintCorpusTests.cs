using System.Globalization;
using System.Text.RegularExpressions;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;

namespace Dunning.Core.Tests.Messaging;

/// <summary>
/// The lint against its corpus (Messaging/lint-corpus.tsv): texts in both languages, each with the exact rule ids it
/// must raise ("-" for none) and the original words a finding must quote. Evasions (full width, spaced letters,
/// look-alike letters, 坐 牢) and reassurances that must pass are rows like any other.
/// </summary>
public sealed partial class LintCorpusTests
{
    private static readonly LenderSettings Lender = LenderSettings.DefaultFor("acme") with { Brand = "安信贷", Hotline = "400-800-1234" };

    public static TheoryData<int, string, string, string, string, string> Corpus()
    {
        var data = new TheoryData<int, string, string, string, string, string>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Messaging", "lint-corpus.tsv"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var columns = lines[i].Split('\t');
            data.Add(i + 1, columns[0], columns[1], columns[2], Unescape(columns[3]), columns.Length > 4 ? Unescape(columns[4]) : "");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Check_CorpusText_RaisesExactlyTheExpectedRules(int line, string language, string kind, string expected, string text, string words)
    {
        var report = MessageLint.Check(text, Context(language, kind));

        var expectedIds = expected == "-" ? [] : expected.Split(',').Order(StringComparer.Ordinal).ToArray();
        var actualIds = report.Findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(expectedIds.SequenceEqual(actualIds), $"line {line}: expected [{string.Join(",", expectedIds)}], got {report}");
        foreach (var word in words.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(report.Findings.Any(f => f.Words.Contains(word)), $"line {line}: no finding quotes \"{word}\": {report}");
        }
    }

    [Fact]
    public void Corpus_HasAtLeast150TextsInBothLanguagesWithAcceptsAndRejects()
    {
        var rows = Corpus().Select(row => ((string)row[1], (string)row[3])).ToList();

        Assert.True(rows.Count >= 150, $"{rows.Count} texts");
        foreach (var language in Languages.Supported)
        {
            Assert.Contains(rows, r => r.Item1 == language && r.Item2 == "-");
            Assert.Contains(rows, r => r.Item1 == language && r.Item2 != "-");
        }
    }

    private static LintContext Context(string language, string kind)
    {
        var tone = kind switch
        {
            "reminder" => Tone.Reminder,
            "thank-you" => Tone.ThankYou,
            "reply" or "third-party" => Tone.Reply,
            _ => throw new InvalidOperationException($"Unknown kind '{kind}' in the corpus."),
        };
        return LintContext.For(Lender, language, tone, new Dictionary<string, string?>
        {
            [MessageFields.Brand] = language == Languages.Chinese ? "安信贷" : "Anxin",
            [MessageFields.Hotline] = "400-800-1234",
            [MessageFields.PayMethod] = language == Languages.Chinese ? "App内还款" : "in the app",
            [MessageFields.BorrowerName] = language == Languages.Chinese ? "张三" : "Ann",
            [MessageFields.AmountDue] = language == Languages.Chinese ? "¥1,234.50" : "1,234.50 CNY",
            [MessageFields.DueDate] = language == Languages.Chinese ? "2026年11月30日" : "30 Nov 2026",
        }) with
        {
            MayReachThirdParty = kind == "third-party",
        };
    }

    private static string Unescape(string text) =>
        UnicodeEscape().Replace(text, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());

    [GeneratedRegex(@"\\u([0-9a-fA-F]{4})")]
    private static partial Regex UnicodeEscape();
}
