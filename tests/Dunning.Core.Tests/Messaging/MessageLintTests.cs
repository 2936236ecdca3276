using Dunning.Core.Lenders;
using Dunning.Core.Messaging;

namespace Dunning.Core.Tests.Messaging;

public sealed class MessageLintTests
{
    private static readonly LenderSettings Lender = LenderSettings.DefaultFor("acme") with { Brand = "安信贷", Hotline = "400-800-1234" };

    private const string GoodChinese =
        "【安信贷】尊敬的张三客户，您好！您本期应还¥1,234.50，还款日为2026年11月30日。请通过App内还款按时还款。客服热线400-800-1234。回复TD退订";

    private const string GoodEnglish =
        "Anxin: Dear Ann, 1,234.50 CNY is due on 30 Nov 2026. You can pay in the app. Questions: 400-800-1234. Reply STOP to opt out";

    private static LintContext Context(string language, Tone tone = Tone.Reminder, bool legal = false) =>
        LintContext.For(Lender with { LegalActionConfigured = legal }, language, tone, new Dictionary<string, string?>
        {
            [MessageFields.Brand] = language == Languages.Chinese ? "安信贷" : "Anxin",
            [MessageFields.Hotline] = "400-800-1234",
            [MessageFields.PayMethod] = language == Languages.Chinese ? "App内还款" : "in the app",
            [MessageFields.BorrowerName] = language == Languages.Chinese ? "张三" : "Ann",
            [MessageFields.AmountDue] = language == Languages.Chinese ? "¥1,234.50" : "1,234.50 CNY",
            [MessageFields.DueDate] = language == Languages.Chinese ? "2026年11月30日" : "30 Nov 2026",
        });

    [Theory]
    [InlineData(Languages.Chinese, GoodChinese)]
    [InlineData(Languages.English, GoodEnglish)]
    public void Check_GoodText_PassesWithCost(string language, string text)
    {
        var report = MessageLint.Check(text, Context(language));

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(report.Segments * 0.05m, report.Cost.Amount);
    }

    public static TheoryData<string, string, string, string> BadTexts => new()
    {
        { Languages.Chinese, GoodChinese + "，否则让你坐牢", "threat-detention", "坐牢" },
        { Languages.Chinese, GoodChinese + "，逾期将被拘留", "threat-detention", "拘留" },
        { Languages.Chinese, GoodChinese + "，我们将起诉你", "legal-action", "起诉" },
        { Languages.Chinese, GoodChinese + "，我们将安排上门", "threat-visit", "上门" },
        { Languages.Chinese, GoodChinese + "，我们将通知亲友", "third-party-disclosure", "通知亲友" },
        { Languages.Chinese, GoodChinese + "，将联系您的单位", "third-party-disclosure", "联系您的单位" },
        { Languages.Chinese, GoodChinese + "，将群发您的通讯录", "third-party-disclosure", "通讯录" },
        { Languages.Chinese, GoodChinese + "，将在网上曝光", "shaming", "曝光" },
        { Languages.Chinese, GoodChinese + "，将把您列入黑名单", "threat-blacklist", "黑名单" },
        { Languages.Chinese, GoodChinese + "，后果自负", "intimidation", "后果自负" },
        { Languages.Chinese, GoodChinese + "。最后通牒", "final-warning", "最后通牒" },
        { Languages.English, GoodEnglish + ". You could be arrested", "threat-detention", "arrested" },
        { Languages.English, GoodEnglish + ". Pay or go to JAIL", "threat-detention", "JAIL" },
        { Languages.English, GoodEnglish + ". We will tell your employer", "third-party-disclosure", "tell your employer" },
        { Languages.English, GoodEnglish + ". We will contact your family", "third-party-disclosure", "contact your family" },
        { Languages.English, GoodEnglish + ". Final warning before legal action", "final-warning", "Final warning" },
        { Languages.English, GoodEnglish + ". Pay or else", "intimidation", "or else" },
        { Languages.English, GoodEnglish + ". We will expose you", "shaming", "expose" },
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public void Check_ForbiddenWords_NameRuleAndWords(string language, string text, string ruleId, string words)
    {
        var report = MessageLint.Check(text, Context(language));

        var finding = Assert.Single(report.Findings, f => f.RuleId == ruleId);
        Assert.Contains(words, finding.Words);
    }

    [Fact]
    public void Check_LegalActionWhenConfigured_IsAllowed()
    {
        var text = GoodEnglish + ". Unpaid accounts may be referred for legal action.";

        Assert.Contains(MessageLint.Check(text, Context(Languages.English)).Findings, f => f.RuleId == "legal-action");
        Assert.True(MessageLint.Check(text, Context(Languages.English, legal: true)).Passed);
    }

    [Fact]
    public void Check_CourtesyAndContacts_AreNotMistakenForThreats()
    {
        var text = GoodEnglish + ". As a courtesy, contact us any time.";

        Assert.True(MessageLint.Check(text, Context(Languages.English)).Passed);
    }

    public static TheoryData<string, string, string> MissingFields => new()
    {
        { Languages.Chinese, GoodChinese.Replace("【安信贷】", "安信贷", StringComparison.Ordinal), "required-brand" },
        { Languages.Chinese, GoodChinese.Replace("张三", "", StringComparison.Ordinal), "required-borrower-name" },
        { Languages.Chinese, GoodChinese.Replace("¥1,234.50", "欠款", StringComparison.Ordinal), "required-amount" },
        { Languages.Chinese, GoodChinese.Replace("2026年11月30日", "近期", StringComparison.Ordinal), "required-due-date" },
        { Languages.Chinese, GoodChinese.Replace("App内还款", "", StringComparison.Ordinal), "required-pay-method" },
        { Languages.Chinese, GoodChinese.Replace("400-800-1234", "", StringComparison.Ordinal), "required-hotline" },
        { Languages.Chinese, GoodChinese.Replace("回复TD退订", "", StringComparison.Ordinal), "required-opt-out" },
        { Languages.English, GoodEnglish.Replace("Anxin", "", StringComparison.Ordinal), "required-brand" },
        { Languages.English, GoodEnglish.Replace("Ann", "customer", StringComparison.Ordinal), "required-borrower-name" },
        { Languages.English, GoodEnglish.Replace("Reply STOP to opt out", "", StringComparison.Ordinal), "required-opt-out" },
    };

    [Theory]
    [MemberData(nameof(MissingFields))]
    public void Check_CollectionTextMissingField_ReportsRequiredRule(string language, string text, string ruleId)
    {
        var report = MessageLint.Check(text, Context(language));

        Assert.Contains(report.Findings, f => f.RuleId == ruleId);
    }

    [Fact]
    public void Check_ThankYou_NeedsNoCollectionFields() =>
        Assert.True(MessageLint.Check("【安信贷】感谢您按时还款！", Context(Languages.Chinese, Tone.ThankYou)).Passed);

    [Fact]
    public void Check_OverSegmentBudget_IsRejectedWithCost()
    {
        var report = MessageLint.Check("【安信贷】" + new string('谢', 295), Context(Languages.Chinese, Tone.ThankYou));

        Assert.Equal(MessageLint.SegmentBudgetRuleId, Assert.Single(report.Findings).RuleId);
        Assert.Equal(5, report.Segments);
        Assert.Equal(0.25m, report.Cost.Amount);
    }

    [Fact]
    public void Check_UnknownFieldValues_FallsBackToPatterns()
    {
        var context = LintContext.For(Lender, Languages.Chinese, Tone.Reminder);

        Assert.True(MessageLint.Check(GoodChinese, context).Passed, MessageLint.Check(GoodChinese, context).ToString());
        Assert.Contains(
            MessageLint.Check(GoodChinese.Replace("2026年11月30日", "下周", StringComparison.Ordinal), context).Findings,
            f => f.RuleId == "required-due-date");
    }

    [Fact]
    public void Check_ThirdPartyText_MayNotMentionDebt()
    {
        var context = LintContext.For(Lender, Languages.English, Tone.Reply) with { MayReachThirdParty = true };

        var report = MessageLint.Check("安信贷: Sorry, this is about an overdue loan.", context);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("debt-disclosure", finding.RuleId);
        Assert.Equal(["loan", "overdue"], finding.Words.Order());
    }

    [Fact]
    public void Check_RulesAreData_CustomRuleApplies()
    {
        var rules = LintRules.Parse("""{"forbidden":[{"id":"no-caps-lock","category":"tone","patterns":["URGENT"]}]}""");

        var report = MessageLint.Check("URGENT pay now", Context(Languages.English, Tone.ThankYou), rules);

        Assert.Equal("no-caps-lock", Assert.Single(report.Findings).RuleId);
    }

    [Theory]
    [InlineData("Anxin: Pay today or the ｐｏｌｉｃｅ will be told", "threat-detention", "ｐｏｌｉｃｅ")]
    [InlineData("Anxin: The p.o.l.i.c.e are on their way", "threat-detention", "p.o.l.i.c.e")]
    [InlineData("【安信贷】再不还钱让你坐 牢", "threat-detention", "坐 牢")]
    [InlineData("Anxin: WE KNOW WHERE YOU LIVE", "intimidation-knowledge", "WE KNOW WHERE YOU LIVE")]
    public void Check_DisguisedThreat_MatchesAfterNormalizingAndQuotesTheOriginal(string text, string ruleId, string original)
    {
        var report = MessageLint.Check(text, Context(text.StartsWith('【') ? Languages.Chinese : Languages.English, Tone.ThankYou));

        Assert.Equal([original], Assert.Single(report.Findings, f => f.RuleId == ruleId).Words);
    }

    [Theory]
    [InlineData("Anxin: We will never contact your family", true)]
    [InlineData("Anxin: If you do not pay we will contact your family", false)]
    [InlineData("Anxin: We will not wait, we will contact your family", false)]
    [InlineData("【安信贷】我们不会联系您的家人", true)]
    [InlineData("【安信贷】您不还款，我们就联系您的家人", false)]
    [InlineData("【安信贷】别以为我们不会联系您的家人", false)]
    public void Check_Negation_ExcusesOnlyThePhraseItGoverns(string text, bool passes)
    {
        var report = MessageLint.Check(text, Context(text.StartsWith('【') ? Languages.Chinese : Languages.English, Tone.ThankYou));

        Assert.Equal(passes, report.Passed);
    }

    [Theory]
    [InlineData(Languages.English, Tone.ThankYou, "Thank you for your payment, Ann! Questions: 400-800-1234.")]
    [InlineData(Languages.Chinese, Tone.ThankYou, "感谢您按时还款！客服热线400-800-1234。")]
    [InlineData(Languages.English, Tone.Reply, "For help call 400-800-1234.")]
    [InlineData(Languages.Chinese, Tone.Reply, "如需帮助请致电400-800-1234。")]
    public void Check_AnyKindWithoutBrand_FailsRequiredBrand(string language, Tone tone, string text) =>
        Assert.Equal("required-brand", Assert.Single(MessageLint.Check(text, Context(language, tone)).Findings).RuleId);
}
