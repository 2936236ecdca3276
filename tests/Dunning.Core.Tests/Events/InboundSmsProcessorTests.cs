using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Events;

public sealed class InboundSmsProcessorTests
{
    [Theory]
    [InlineData("STOP")]
    [InlineData("ＳＴＯＰ")]
    [InlineData("退订")]
    [InlineData("td")]
    public async Task Process_OptOut_OptsOutAndConfirmsOnce(string text)
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync(text, eventId: "e1", messageId: "in-1");
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.PostReplyAsync("STOP", eventId: "e2", messageId: "in-2");
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.PostReplyAsync("HELP", eventId: "e3", messageId: "in-3");

        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        var reply = Assert.Single(harness.Outbox.Messages);
        Assert.Equal(ReplyTemplateIds.For(ReplyKind.OptOutConfirmation), reply.TemplateId);
        Assert.True(ReplyTemplateIds.IsComplianceConfirmation(reply.TemplateId));
    }

    [Fact]
    public async Task Process_OptOutRedeliveredAfterCrash_StillConfirms()
    {
        // First delivery opted the number out but crashed before queueing the confirmation.
        var harness = new EventsHarness();
        var at = harness.Time.GetUtcNow();
        await harness.Borrowers.TrySavePhoneAsync(harness.BorrowerPhoneStatus with { OptedOut = true, OptedOutAt = at });

        await harness.Inbound.ProcessAsync(new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "STOP", at));

        Assert.Equal(ReplyTemplateIds.For(ReplyKind.OptOutConfirmation), Assert.Single(harness.Outbox.Messages).TemplateId);
    }

    [Theory]
    [InlineData("START")]
    [InlineData("unstop")]
    public async Task Process_OptInAfterOptOut_OptsBackInAndConfirms(string text)
    {
        var harness = new EventsHarness();
        await harness.PostReplyAsync("STOP", eventId: "e1", messageId: "in-1");

        await harness.PostReplyAsync(text, eventId: "e2", messageId: "in-2");

        Assert.False(harness.BorrowerPhoneStatus.OptedOut);
        Assert.Equal(ReplyTemplateIds.For(ReplyKind.OptInConfirmation), harness.Outbox.Messages[^1].TemplateId);
    }

    [Theory]
    [InlineData("HELP", Languages.English, "call 400-123-4567")]
    [InlineData("ｉｎｆｏ", Languages.English, "STOP to opt out")]
    [InlineData("帮助", Languages.Chinese, "400-123-4567")]
    [InlineData("?", Languages.Chinese, "回复TD退订")]
    public async Task Process_Help_RepliesWithHotlineAndOptOutLine(string text, string language, string expected)
    {
        var harness = new EventsHarness(language);

        await harness.PostReplyAsync(text);

        var reply = Assert.Single(harness.Outbox.Messages);
        Assert.Contains(expected, reply.Text);
        Assert.Equal(EventsHarness.BorrowerPhone, reply.To);
        Assert.Equal(Stage.ReplyName, reply.Stage);
    }

    [Theory]
    [InlineData("PAID")]
    [InlineData("paid")]
    [InlineData("已还款")]
    [InlineData("我已经还了")]
    public async Task Process_Paid_PausesTheMessagedInstallmentAndRaisesVerifyPayment(string text)
    {
        var harness = new EventsHarness();
        var now = harness.Time.GetUtcNow();

        await harness.PostReplyAsync(text);

        Assert.Equal(now.AddDays(3), harness.Installment.PausedUntil);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal(FollowUpKind.VerifyPayment, followUp.Kind);
        Assert.Equal(new FollowUpInstallment(EventsHarness.LoanId, 1), Assert.Single(followUp.Installments));
        Assert.Equal(ReplyTemplateIds.For(ReplyKind.PaidAcknowledgement), Assert.Single(harness.Outbox.Messages).TemplateId);
    }

    [Theory]
    [InlineData("PLAN")]
    [InlineData("Ｐｌａｎ")]
    [InlineData("分期")]
    [InlineData("这个月还不上")]
    public async Task Process_Plan_MarksPlanRequestedRepliesWithPlanLinkAndRaisesFollowUp(string text)
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync(text);

        Assert.True(harness.Installment.PlanRequested);
        Assert.Equal(FollowUpKind.PlanRequest, Assert.Single(harness.FollowUps.All).Kind);
        Assert.Contains("https://acme.example/plan", Assert.Single(harness.Outbox.Messages).Text);
    }

    [Theory]
    [InlineData("WRONG", Languages.English)]
    [InlineData("wrong number", Languages.English)]
    [InlineData("不是本人", Languages.Chinese)]
    [InlineData("你打错了", Languages.Chinese)]
    [InlineData("错号", Languages.Chinese)]
    public async Task Process_WrongNumber_FlagsNumberAndNeverRevealsTheDebt(string text, string language)
    {
        var harness = new EventsHarness(language);

        await harness.PostReplyAsync(text);

        Assert.True(harness.BorrowerPhoneStatus.WrongNumber);
        Assert.Equal(FollowUpKind.WrongNumber, Assert.Single(harness.FollowUps.All).Kind);
        var reply = Assert.Single(harness.Outbox.Messages).Text;
        string[] debtWords = ["1234", "1,234", "CNY", "¥", "元", "欠", "还款", "逾期", "贷", "借", "debt", "owe", "pay", "loan", "overdue", "amount", "due", "张三"];
        foreach (var word in debtWords.Where(w => !harness.Lenders.FindAsync(EventsHarness.LenderId).Result!.Brand.Contains(w, StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(word, reply, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Process_WrongNumber_ReplyNeverRevealsTheDebtWhateverTheBrand()
    {
        // The default texts themselves, with a neutral brand so the brand cannot hide a leak.
        var lender = LenderSettings.DefaultFor("acme") with { Brand = "ACME" };
        foreach (var language in Languages.Supported)
        {
            var text = (await new ReplyComposer().ComposeAsync(ReplyKind.WrongNumberApology, language, lender)).Text;
            foreach (var word in new[] { "还", "欠", "贷", "借", "逾期", "debt", "owe", "pay", "loan", "due", "amount" })
            {
                Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Theory]
    [InlineData("【{{ brand }}】专属客服{{ hotline }}为您服务。{{ opt_out }}", "专属客服", true)]
    [InlineData("【{{ brand }}】欠款{{ amount }}，再不还就起诉你", "如需帮助", false)] // fails validation: the default answers
    public async Task Process_Help_UsesTheLendersOwnReplyTemplateWhenItPassesValidation(string lenderTemplate, string expected, bool lendersUsed)
    {
        var harness = new EventsHarness();
        await harness.Templates.SaveAsync(EventsHarness.LenderId, "reply-help", Languages.Chinese, lenderTemplate);

        await harness.PostReplyAsync("帮助");

        var reply = Assert.Single(harness.Outbox.Messages);
        Assert.Contains(expected, reply.Text);
        Assert.Equal(ReplyTemplateIds.For(ReplyKind.Help), reply.TemplateId);
        Assert.Equal(lendersUsed, reply.TemplateVersion != DefaultTemplatePack.Find("reply-help", Languages.Chinese)!.Version);
    }

    [Fact]
    public async Task Process_FreeText_KeepsTextUntilRetentionEnds()
    {
        var harness = new EventsHarness();
        var now = harness.Time.GetUtcNow();

        await harness.PostReplyAsync("when can I call you");

        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal(FollowUpKind.FreeText, followUp.Kind);
        Assert.Equal("when can I call you", followUp.Text);
        Assert.Equal(now.AddDays(30), followUp.TextExpiresAt);
        Assert.Null(followUp.RedactedAt(now.AddDays(30)).Text);
        Assert.Empty(harness.Outbox.Messages);
    }

    [Fact]
    public async Task Process_UnknownNumber_NoReplyAndFollowUpForTheLender()
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync("HELP", from: "+8613900000000");

        Assert.Empty(harness.Outbox.Messages);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal(FollowUpKind.UnknownSender, followUp.Kind);
        Assert.Equal(EventsHarness.LenderId, followUp.LenderId);
    }

    [Fact]
    public async Task Process_UnknownSenderId_NoReplyAndPlatformFollowUp()
    {
        var harness = new EventsHarness();
        var at = harness.Time.GetUtcNow();

        var result = await harness.Inbound.ProcessAsync(new InboundSms("in-9", EventsHarness.BorrowerPhone, "+19995550000", "STOP", at));

        Assert.False(result.KnownNumber);
        Assert.Empty(harness.Outbox.Messages);
        Assert.Equal(FollowUp.PlatformLenderId, Assert.Single(harness.FollowUps.All).LenderId);
        Assert.False(harness.BorrowerPhoneStatus.OptedOut);
    }

    [Fact]
    public async Task Process_OptOutFromUnknownNumber_RecordsOptOutWithoutReply()
    {
        var harness = new EventsHarness();
        const string stranger = "+8613900000000";

        await harness.PostReplyAsync("退订", from: stranger);

        Assert.True(harness.Borrowers.Phone(EventsHarness.LenderId, harness.Hasher.Hash(stranger))!.OptedOut);
        Assert.Empty(harness.Outbox.Messages);
    }

    [Fact]
    public async Task Process_AfterOptOut_PaidStillPausesButSendsNothing()
    {
        var harness = new EventsHarness();
        await harness.PostReplyAsync("STOP", eventId: "e1", messageId: "in-1");
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        await harness.PostReplyAsync("PAID", eventId: "e2", messageId: "in-2");

        Assert.NotNull(harness.Installment.PausedUntil);
        Assert.Single(harness.Outbox.Messages);
    }

    [Fact]
    public async Task Process_ReplyLanguage_GuessedFromTextWhenBorrowerHasNone()
    {
        var harness = new EventsHarness(borrowerLanguage: "");

        await harness.PostReplyAsync("帮助");

        Assert.Contains("【", Assert.Single(harness.Outbox.Messages).Text);
        Assert.Equal(Languages.English, InboundSmsProcessor.GuessLanguage("help me"));
    }

    [Fact]
    public async Task Process_SenderIdSharedByTwoLenders_OptOutAppliesToBoth()
    {
        var harness = new EventsHarness();
        await harness.Lenders.SaveAsync(LenderSettings.DefaultFor("zeta-credit") with { SenderIds = [EventsHarness.SenderId] });
        harness.Borrowers.Add(new Borrowers.Borrower
        {
            LenderId = "zeta-credit", BorrowerId = "z-1", Name = "n", PhoneE164 = EventsHarness.BorrowerPhone,
            PhoneHash = harness.BorrowerHash, TimeZone = "Asia/Shanghai", Language = Languages.Chinese, Consent = true,
        });

        await harness.PostReplyAsync("STOP");

        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        Assert.True(harness.Borrowers.Phone("zeta-credit", harness.BorrowerHash)!.OptedOut);
        Assert.Equal(EventsHarness.LenderId, Assert.Single(harness.Outbox.Messages).LenderId);
    }

    [Fact]
    public async Task Process_Reply_IsExemptFromCapsAndCarriesNoInstallment()
    {
        var harness = new EventsHarness();

        await harness.PostReplyAsync("HELP");

        var reply = Assert.Single(harness.Outbox.Messages);
        Assert.Equal(MessageKind.Reply, reply.Kind);
        Assert.False(reply.CountsAgainstCap);
        Assert.Null(reply.LoanId);
        Assert.Equal(harness.BorrowerHash, reply.BorrowerKey);
        Assert.True(reply.Segments >= 1);
    }
}
