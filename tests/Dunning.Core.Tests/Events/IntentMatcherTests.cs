using Dunning.Core.Events;
using Dunning.Core.Lenders;

namespace Dunning.Core.Tests.Events;

public sealed class IntentMatcherTests
{
    [Theory]
    [InlineData("STOP", "en")]
    [InlineData("退订，谢谢", "zh-CN")]
    [InlineData("STOP 谢谢", "en")]
    public void Match_WholeKeyword_IsCertainAndNamesThePhraseAndLanguage(string text, string language)
    {
        var match = IntentMatcher.Default.Match(text);

        Assert.Equal(ReplyIntent.OptOut, match.Intent);
        Assert.False(match.IsDoubtful);
        Assert.Equal(language, match.Language);
        Assert.False(string.IsNullOrEmpty(match.Phrase));
    }

    [Fact]
    public void Match_SentenceOptOut_NamesTheSentencePhrase()
    {
        var match = IntentMatcher.Default.Match("please stop messaging me");

        Assert.Equal(ReplyIntent.OptOut, match.Intent);
        Assert.StartsWith("stop|", match.Phrase, StringComparison.Ordinal);
        Assert.Equal("stop messaging me", match.MatchedWords);
        Assert.Equal(ReplyDoubt.None, match.Doubt);
    }

    [Fact]
    public void Match_KeywordInsideASentence_IsAnOptOutMarkedDoubtful()
    {
        var match = IntentMatcher.Default.Match("for the last time stop");

        Assert.Equal(ReplyIntent.OptOut, match.Intent);
        Assert.True(match.IsDoubtful);
    }

    [Fact]
    public void Match_OptOutWithPaid_WinsAndReportsTheMixedRequest()
    {
        var match = IntentMatcher.Default.Match("paid, now stop texting");

        Assert.Equal(ReplyIntent.OptOut, match.Intent);
        Assert.Equal([ReplyIntent.Paid], match.AlsoAsked);
        Assert.True(match.Doubt.HasFlag(ReplyDoubt.Mixed));
    }

    [Theory]
    [InlineData("don't stop my autopay", ReplyDoubt.Masked)]
    [InlineData("how do I stop a payment?", ReplyDoubt.Masked)]
    [InlineData("Please don't stop the reminders", ReplyDoubt.Negated)]
    [InlineData("不要退订", ReplyDoubt.Negated)]
    public void Match_NegatedOrOtherMeaning_IsNoOptOutButDoubtful(string text, ReplyDoubt doubt)
    {
        var match = IntentMatcher.Default.Match(text);

        Assert.Equal(ReplyIntent.Other, match.Intent);
        Assert.True(match.Doubt.HasFlag(doubt), match.Doubt.ToString());
    }

    [Theory]
    [InlineData("THIS ISN'T JOHN", ReplyDoubt.NameInCapitals)]
    [InlineData("I don't know any JOHN", ReplyDoubt.NameInCapitals)]
    [InlineData("this isn't John", ReplyDoubt.None)]
    [InlineData("WRONG NUMBER", ReplyDoubt.None)]
    public void Match_NameOnlyInCapitals_IsAWrongNumberMarkedDoubtful(string text, ReplyDoubt doubt)
    {
        var match = IntentMatcher.Default.Match(text);

        Assert.Equal((ReplyIntent.WrongNumber, doubt), (match.Intent, match.Doubt));
    }

    [Theory]
    [InlineData("THIS ISN'T RIGHT")]
    [InlineData("THIS ISN'T FAIR")]
    [InlineData("IT DOESN'T WORK")]
    [InlineData("I'M NOT LYING")]
    [InlineData("I'M NOT WORRIED")]
    [InlineData("this isn't john")]
    public void Match_OrdinaryWordInCapitalsOrNameInLowerCase_IsNoWrongNumber(string text) =>
        Assert.NotEqual(ReplyIntent.WrongNumber, IntentMatcher.Default.Match(text).Intent);

    [Fact]
    public void Match_HelpAndPlan_ResolvesToPlanByPrecedence()
    {
        var match = IntentMatcher.Default.Match("help me with a payment plan");

        Assert.Equal(ReplyIntent.Plan, match.Intent);
        Assert.Contains(ReplyIntent.Help, match.AlsoAsked);
    }

    [Fact]
    public void Precedence_PutsOptOutFirstAndHelpLast()
    {
        Assert.Equal(ReplyIntent.OptOut, IntentMatcher.Precedence[0]);
        Assert.Equal(ReplyIntent.Help, IntentMatcher.Precedence[^1]);
        Assert.Equal(Enum.GetValues<ReplyIntent>().Length - 1, IntentMatcher.Precedence.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("👍")]
    public void Match_NothingToRead_IsOtherWithoutPhrase(string? text)
    {
        var match = IntentMatcher.Default.Match(text);

        Assert.Equal(ReplyIntent.Other, match.Intent);
        Assert.Null(match.Phrase);
    }

    [Fact]
    public void Match_UsesTheTablesItIsGiven()
    {
        var table = IntentTable.Parse("""{"language":"fr","intents":[{"intent":"Help","phrases":[{"text":"aide","match":"whole"}]}]}""");

        var matcher = new IntentMatcher([table]);

        Assert.Equal(ReplyIntent.Help, matcher.Match("Aide!").Intent);
        Assert.Equal("fr", matcher.Match("Aide!").Language);
        Assert.Equal(ReplyIntent.Other, matcher.Match("STOP").Intent);
    }

    [Fact]
    public void For_LenderPhrases_AddToTheDefaults()
    {
        var lender = LenderSettings.DefaultFor("acme") with
        {
            ReplyPhrases = [new LenderReplyPhrase { Language = Languages.English, Intent = ReplyIntent.Paid, Text = "acmepay done" }],
        };

        var matcher = IntentMatcher.Default.For(lender);

        Assert.Equal(ReplyIntent.Other, IntentMatcher.Default.Match("acmepay done").Intent);
        var match = matcher.Match("AcmePay done!");
        Assert.Equal((ReplyIntent.Paid, "acmepay done"), (match.Intent, match.Phrase));
        Assert.Equal(ReplyIntent.OptOut, matcher.Match("STOP").Intent);
        Assert.Same(matcher, IntentMatcher.Default.For(lender));
    }

    [Fact]
    public void For_LenderMask_HidesOtherIntentsButNeverAnOptOut()
    {
        var lender = LenderSettings.DefaultFor("acme") with
        {
            ReplyPhrases =
            [
                new LenderReplyPhrase { Language = Languages.English, Text = "stop * texting|texts" },
                new LenderReplyPhrase { Language = Languages.English, Text = "plan b" },
            ],
        };

        var matcher = IntentMatcher.Default.For(lender);

        Assert.Equal(ReplyIntent.OptOut, matcher.Match("stop texting me").Intent);
        Assert.Equal(ReplyIntent.Plan, IntentMatcher.Default.Match("plan b is to pay friday").Intent);
        Assert.Equal(ReplyIntent.Other, matcher.Match("plan b is to pay friday").Intent);
    }

    [Fact]
    public void LenderReplyPhrases_RoundTripThroughTheSettingsJson()
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };
        var json = """{"lenderId":"acme","brand":"ACME","hotline":"1","replyPhrases":[{"language":"en","intent":"Paid","text":"acmepay done","match":"Whole"},{"language":"en","text":"plan b"}]}""";

        var settings = System.Text.Json.JsonSerializer.Deserialize<LenderSettings>(json, options)!;

        Assert.Equal(2, settings.ReplyPhrases.Count);
        Assert.Equal((ReplyIntent?)ReplyIntent.Paid, settings.ReplyPhrases[0].Intent);
        Assert.Equal(PhraseMatch.Whole, settings.ReplyPhrases[0].Match);
        Assert.Null(settings.ReplyPhrases[1].Intent);
        Assert.Equal(ReplyIntent.Paid, IntentMatcher.Default.For(settings).Match("AcmePay done").Intent);
    }

    [Fact]
    public void For_SameSettings_IsTheSameReader()
    {
        var lender = LenderSettings.DefaultFor("acme");

        Assert.Same(IntentMatcher.Default.For(lender), IntentMatcher.Default.For(lender));
        Assert.NotSame(IntentMatcher.Default.For(lender), IntentMatcher.Default.For(lender with { Brand = "Other" }));
    }

    private static readonly LenderSettings AcmeLoan = LenderSettings.DefaultFor("acme") with
    {
        Brand = "AcmeLoan",
        LocalizedBrands = new Dictionary<string, string> { [Languages.Chinese] = "安心贷" },
    };

    /// <summary>Borrowers quote the sender's tag or type its name around their answer; the keyword still stands alone.</summary>
    [Theory]
    [InlineData("[AcmeLoan] STOP", ReplyIntent.OptOut)]
    [InlineData("【安心贷】退订", ReplyIntent.OptOut)]
    [InlineData("AcmeLoan: STOP", ReplyIntent.OptOut)]
    [InlineData("STOP - Acme", ReplyIntent.OptOut)]
    [InlineData("acme loan stop", ReplyIntent.OptOut)]
    [InlineData("Stop AcmeLoan thanks", ReplyIntent.OptOut)]
    [InlineData("安心贷 退订", ReplyIntent.OptOut)]
    [InlineData("td 安心贷", ReplyIntent.OptOut)]
    [InlineData("[AcmeLoan] HELP", ReplyIntent.Help)]
    [InlineData("HELP - AcmeLoan", ReplyIntent.Help)]
    [InlineData("安心贷 帮助", ReplyIntent.Help)]
    [InlineData("【安心贷】已还", ReplyIntent.Paid)]
    [InlineData("AcmeLoan PLAN", ReplyIntent.Plan)]
    [InlineData("[AcmeLoan] START", ReplyIntent.OptIn)]
    [InlineData("AcmeLoan wrong number", ReplyIntent.WrongNumber)]
    [InlineData("[urgent] STOP", ReplyIntent.OptOut)]
    [InlineData("【退订】", ReplyIntent.OptOut)]
    public void For_LenderBrandOrTagAroundAKeyword_ReadsAsTheBareKeyword(string text, ReplyIntent intent)
    {
        var match = IntentMatcher.Default.For(AcmeLoan).Match(text);

        Assert.Equal((intent, ReplyDoubt.None), (match.Intent, match.Doubt));
    }

    [Theory]
    [InlineData("STOP - Bolt")]
    [InlineData("I told Acme stop")]
    [InlineData("[AcmeLoan] you should stop")]
    public void For_OtherWordsAroundAKeyword_StayDoubtful(string text)
    {
        var match = IntentMatcher.Default.For(AcmeLoan).Match(text);

        Assert.Equal((ReplyIntent.OptOut, ReplyDoubt.KeywordInSentence), (match.Intent, match.Doubt));
    }

    [Fact]
    public void For_TagThatSaysSomething_CountsAsASecondRequest()
    {
        var match = IntentMatcher.Default.For(AcmeLoan).Match("[paid] STOP");

        Assert.Equal((ReplyIntent.OptOut, ReplyDoubt.Mixed), (match.Intent, match.Doubt));
        Assert.Equal([ReplyIntent.Paid], match.AlsoAsked);
    }

    [Fact]
    public void Default_WithoutTheBrand_ReadsItAsASentenceWord() =>
        Assert.Equal(ReplyDoubt.KeywordInSentence, IntentMatcher.Default.Match("STOP - Acme").Doubt);

    [Fact]
    public void For_BrandThatIsItselfAKeyword_StillReadsAlone()
    {
        var match = IntentMatcher.Default.For(AcmeLoan with { Brand = "Help" }).Match("HELP");

        Assert.Equal((ReplyIntent.Help, ReplyDoubt.None), (match.Intent, match.Doubt));
    }

    [Theory]
    [InlineData("AcmeLoan", "acmeloan", 1)]
    [InlineData("AcmeLoan", "acme loan stop", 2)]
    [InlineData("AcmeLoan", "acme stop", 1)]
    [InlineData("Acme Loan", "acmeloan", 1)]
    [InlineData("The Loan Shop", "the", 0)]
    [InlineData("安心贷", "安 心 贷 退 订", 3)]
    [InlineData("安心贷", "安 心", 0)]
    public void ReplyBrand_LengthAt_SpellsTheBrandWithOrWithoutSpacesOrByItsFirstWord(string brand, string words, int length) =>
        Assert.Equal(length, new ReplyBrand([brand]).LengthAt(words.Split(' '), 0));

    [Fact]
    public void LoadEmbedded_HasATablePerLanguageWithOptOutPhrases()
    {
        var tables = IntentTable.LoadEmbedded();

        Assert.Equal([Languages.English, Languages.Chinese], tables.Select(t => t.Language));
        Assert.All(tables, t => Assert.Contains(t.Intents, e => e.Intent == ReplyIntent.OptOut && e.Phrases.Count > 0));
        Assert.All(tables.SelectMany(t => t.Intents).SelectMany(e => e.Phrases), p => Assert.NotNull(PhrasePattern.Compile(p.Text)));
    }

    [Fact]
    public void Clauses_FoldWidthCaseApostrophesAndEmoji()
    {
        var clauses = ReplyText.Clauses("　Ｄｏｎ’ｔ  text🙏me！退订");

        Assert.Equal(2, clauses.Count);
        Assert.Equal(["dont", "text", "me"], clauses[0].Tokens.Select(t => t.Text));
        Assert.Equal(["退", "订"], clauses[1].Tokens.Select(t => t.Text));
    }

    /// <summary>The surrogate comes as a number: xUnit turns a lone surrogate in a string argument into U+FFFD.</summary>
    [Theory]
    [InlineData("stop ", 0xD83D, "", ReplyIntent.OptOut)]
    [InlineData("", 0xDE4F, "退订", ReplyIntent.OptOut)]
    [InlineData("", 0xD83D, "?", ReplyIntent.Help)]
    public void Match_LoneSurrogate_ReadsTheRestInsteadOfThrowing(string before, int surrogate, string after, ReplyIntent expected)
    {
        Assert.Equal(expected, IntentMatcher.Default.Match(before + (char)surrogate + after).Intent);
    }

    [Fact]
    public void Clauses_MoreWordsThanTheCap_ReadsTheFirstMaxWordsAndSkipsPaddingForFree()
    {
        var padding = string.Concat(Enumerable.Repeat(" 🙏\n", ReplyText.MaxWords));
        var words = string.Join(' ', Enumerable.Range(0, ReplyText.MaxWords + 10).Select(i => "w" + i));

        var tokens = ReplyText.Clauses(padding + words).SelectMany(c => c.Tokens).ToList();

        Assert.Equal(ReplyText.MaxWords, tokens.Count);
        Assert.Equal("w0", tokens[0].Text);
        Assert.Equal("w" + (ReplyText.MaxWords - 1), tokens[^1].Text);
    }

    [Theory]
    [InlineData("stop * texting", "please stop all the texting", true)]
    [InlineData("stop * texting", "stop one two three four texting", false)]
    [InlineData("stop + texting", "stop the texting", false)]
    [InlineData("this isnt + <name>", "this isn't John", true)]
    [InlineData("this isnt + <name>", "this isn't right", false)]
    [InlineData("别 + 再 * 发", "别再给我发了", true)]
    public void PhrasePattern_MatchesGapsJoinsAndNames(string pattern, string text, bool expected)
    {
        var compiled = PhrasePattern.Compile(pattern)!;
        var tokens = ReplyText.Clauses(text).Single().Tokens;

        Assert.Equal(expected, Enumerable.Range(0, tokens.Count).Any(start => compiled.MatchAt(tokens, start) > start));
    }
}
