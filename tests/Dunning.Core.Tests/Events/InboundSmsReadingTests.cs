using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Events;

/// <summary>How the reading of a reply (certain, doubtful, mixed) shapes what the processor does.</summary>
public sealed class InboundSmsReadingTests
{
    [Theory]
    [InlineData("Stop messaging me")]
    [InlineData("please stop messaging me")]
    [InlineData("退订，谢谢")]
    [InlineData("take me off your list")]
    [InlineData("安心贷 退订")]
    [InlineData("STOP 安心贷")]
    public async Task Process_CertainSentenceOptOut_OptsOutWithoutFollowUp(string text)
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync(text);

        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        Assert.Equal(ReplyTemplateIds.For(ReplyKind.OptOutConfirmation), Assert.Single(harness.Outbox.Messages).TemplateId);
        Assert.Empty(harness.FollowUps.All);
    }

    [Fact]
    public async Task Process_PaidThenStop_OptsOutAndSendsTheTextToStaff()
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync("paid, now stop texting");

        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal((FollowUpKind.FreeText, "paid, now stop texting"), (followUp.Kind, followUp.Text));
    }

    [Fact]
    public async Task Process_HelpWithPlan_RaisesAPlanRequestCarryingTheText()
    {
        var harness = new EventsHarness(Languages.English);

        var result = await harness.Inbound.ProcessAsync(new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "help me with a payment plan", harness.Time.GetUtcNow()));

        Assert.Equal(ReplyIntent.Plan, result.Intent);
        Assert.Equal([ReplyIntent.Help], result.Match!.AlsoAsked);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal((FollowUpKind.PlanRequest, "help me with a payment plan"), (followUp.Kind, followUp.Text));
        Assert.True(harness.Installment.PlanRequested);
    }

    [Theory]
    [InlineData("don't stop my autopay")]
    [InlineData("how do I stop a payment?")]
    [InlineData("不要退订")]
    public async Task Process_NegatedOrOtherMeaning_KeepsTheNumberAndSendsTheTextToStaff(string text)
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync(text);

        Assert.False(harness.BorrowerPhoneStatus.OptedOut);
        Assert.Empty(harness.Outbox.Messages);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal((FollowUpKind.FreeText, text), (followUp.Kind, followUp.Text));
    }

    [Fact]
    public async Task Process_DoubtfulKeywordOptOut_OptsOutAndSendsTheTextToStaff()
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync("for the last time stop");

        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        Assert.Equal("for the last time stop", Assert.Single(harness.FollowUps.All).Text);
    }

    [Fact]
    public async Task Process_CertainPaid_RaisesVerifyPaymentWithoutText()
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync("I have paid already");

        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal(FollowUpKind.VerifyPayment, followUp.Kind);
        Assert.Null(followUp.Text);
    }

    [Fact]
    public async Task Process_LendersOwnPhrase_IsReadForThatLender()
    {
        var harness = new EventsHarness();
        var lender = (await harness.Lenders.FindAsync(EventsHarness.LenderId))!;
        await harness.Lenders.SaveAsync(lender with
        {
            ReplyPhrases = [new LenderReplyPhrase { Language = Languages.Chinese, Intent = ReplyIntent.Paid, Text = "安心付 + 好了" }],
        });

        var result = await harness.Inbound.ProcessAsync(new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "安心付好了", harness.Time.GetUtcNow()));

        Assert.Equal((ReplyIntent.Paid, "安心付 + 好了"), (result.Intent, result.Match!.Phrase));
        Assert.Equal(FollowUpKind.VerifyPayment, Assert.Single(harness.FollowUps.All).Kind);
    }

    [Theory]
    [InlineData("for the last time stop", FollowUpKind.FreeText, ReplyIntent.OptOut, ReplyDoubt.KeywordInSentence, Languages.English, "")]
    [InlineData("已经还了，别再发了", FollowUpKind.FreeText, ReplyIntent.OptOut, ReplyDoubt.Mixed, Languages.Chinese, "Paid")]
    [InlineData("我住院了，能晚几天还吗", FollowUpKind.PlanRequest, ReplyIntent.Plan, ReplyDoubt.Question, Languages.Chinese, "")]
    [InlineData("不要退订", FollowUpKind.FreeText, ReplyIntent.Other, ReplyDoubt.Negated, null, "")]
    [InlineData("我已经还了", FollowUpKind.VerifyPayment, ReplyIntent.Paid, ReplyDoubt.None, Languages.Chinese, "")]
    public async Task Process_TheFollowUp_StoresTheIntentAndTheDoubtsAsTheReaderStatedThem(
        string text, FollowUpKind kind, ReplyIntent intent, ReplyDoubt doubt, string? phraseLanguage, string alsoAsked)
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync(text);

        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal(kind, followUp.Kind);
        var reading = followUp.Reading!;
        Assert.Equal((intent, doubt, phraseLanguage, alsoAsked), (reading.Intent, reading.Doubt, reading.Language, string.Join(",", reading.AlsoAsked)));
        Assert.Equal(doubt != ReplyDoubt.None, reading.IsDoubtful);
    }

    [Theory]
    [InlineData("for the last time stop", "for the last time stop", "stop", "stop")]
    [InlineData("我已经还了", null, "已 经 还", "已经还")]
    public async Task Process_TheFollowUp_KeepsTheWordsAndTheRuleThatDecidedForTheRetentionPeriod(
        string text, string? keptText, string matchedWords, string phraseChoice)
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync(text);

        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal(keptText, followUp.Text);
        Assert.Equal(matchedWords, followUp.Reading!.MatchedWords);
        Assert.Contains(phraseChoice, followUp.Reading.Phrase!.Split('|'));
        Assert.Equal(harness.Time.GetUtcNow().AddDays(30), followUp.Reading.WordsExpireAt);
    }

    [Fact]
    public async Task Process_LenderKeepsNoReplyText_StoresTheIntentAndDoubtsButNothingQuoted()
    {
        var harness = new EventsHarness(Languages.English);
        var lender = (await harness.Lenders.FindAsync(EventsHarness.LenderId))!;
        await harness.Lenders.SaveAsync(lender with { ReplyRetentionDays = 0 });

        await harness.PostReplyAsync("for the last time stop");

        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Null(followUp.Text);
        var reading = followUp.Reading!;
        Assert.Equal((ReplyIntent.OptOut, ReplyDoubt.KeywordInSentence, Languages.English), (reading.Intent, reading.Doubt, reading.Language));
        Assert.Equal((null, null, null), (reading.Phrase, reading.MatchedWords, reading.WordsExpireAt));
    }

    [Fact]
    public async Task Process_ReplyFromAnUnknownNumber_StoresTheReadingOnTheLendersFollowUp()
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync("HELP", from: "+8613900000000");

        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal(FollowUpKind.UnknownSender, followUp.Kind);
        Assert.Equal((ReplyIntent.Help, Languages.English), (followUp.Reading!.Intent, followUp.Reading.Language));
    }

    [Fact]
    public async Task RedactedAt_PastTheRetention_DropsThePhraseAndWordsButKeepsTheIntentAndDoubts()
    {
        var harness = new EventsHarness(Languages.English);
        await harness.PostReplyAsync("for the last time stop");
        var stored = Assert.Single(harness.FollowUps.All);

        var within = stored.RedactedAt(harness.Time.GetUtcNow().AddDays(29));
        var past = stored.RedactedAt(harness.Time.GetUtcNow().AddDays(30));

        Assert.Same(stored.Reading, within.Reading);
        Assert.Equal((ReplyIntent.OptOut, ReplyDoubt.KeywordInSentence, Languages.English), (past.Reading!.Intent, past.Reading.Doubt, past.Reading.Language));
        Assert.Equal((null, null, null), (past.Reading.Phrase, past.Reading.MatchedWords, past.Text));
    }
}
