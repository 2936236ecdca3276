using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Messaging;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Events;

/// <summary>A promise to pay pauses the messaged installments until the day after the promised day and reaches staff.</summary>
public sealed class InboundPromiseTests
{
    /// <summary>The harness's clock: Friday 4 December 2026, 10:00 in Shanghai, the borrower's zone.</summary>
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("我周五还", "2026-12-11")]
    [InlineData("I will pay tomorrow", "2026-12-05")]
    [InlineData("下周一还上", "2026-12-07")]
    [InlineData("15号还款", "2026-12-15")]
    public async Task Process_DatedPromise_PausesUntilTheNextDayAndRaisesPromiseToPayWithTheDate(string text, string promised)
    {
        var harness = new EventsHarness();
        var now = harness.Time.GetUtcNow();
        var day = DateOnly.Parse(promised, System.Globalization.CultureInfo.InvariantCulture);

        var result = await harness.Inbound.ProcessAsync(new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, text, now));

        Assert.Equal(new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Shanghai), harness.Installment.PausedUntil);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal((FollowUpKind.PromiseToPay, day, text), (followUp.Kind, followUp.PromisedDate, followUp.Text));
        Assert.Equal(FollowUpIds.For(now, "in-1"), followUp.Id);
        Assert.Equal(new FollowUpInstallment(EventsHarness.LoanId, 1), Assert.Single(followUp.Installments));
        var retention = (await harness.Lenders.FindAsync(EventsHarness.LenderId))!.ReplyRetentionDays;
        Assert.Equal(now.AddDays(retention), followUp.TextExpiresAt);
        Assert.Equal(ReplyIntent.Promise, followUp.Reading!.Intent);
        Assert.Equal((ReplyIntent.Promise, FollowUpKind.PromiseToPay, (ReplyKind?)null), (result.Intent, result.FollowUp, result.Reply));
        Assert.Empty(harness.Outbox.Messages);
    }

    [Fact]
    public async Task Process_UndatedPromise_PausesForThePaidReplyPauseAndRaisesPromiseToPayWithoutADate()
    {
        var harness = new EventsHarness();
        var now = harness.Time.GetUtcNow();
        var pauseDays = (await harness.Lenders.FindAsync(EventsHarness.LenderId))!.PaidReplyPauseDays;

        await harness.PostReplyAsync("我会尽快还款的");

        Assert.Equal(now.AddDays(pauseDays), harness.Installment.PausedUntil);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal((FollowUpKind.PromiseToPay, (DateOnly?)null), (followUp.Kind, followUp.PromisedDate));
        Assert.Empty(harness.Outbox.Messages);
    }

    [Fact]
    public async Task Process_PromiseBeyondTwoWeeks_PausesTwoWeeksOnly()
    {
        var harness = new EventsHarness();
        var now = harness.Time.GetUtcNow();

        await harness.PostReplyAsync("I'll pay the rest on the 30th");

        Assert.Equal(now.AddDays(PromisedDate.MaxPauseDays), harness.Installment.PausedUntil);
        Assert.Equal(new DateOnly(2026, 12, 30), Assert.Single(harness.FollowUps.All).PromisedDate);
    }

    [Fact]
    public async Task Process_PromiseRedelivered_KeepsOneFollowUpAndThePause()
    {
        var harness = new EventsHarness();
        var receivedAt = harness.Time.GetUtcNow();
        var sms = new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "明天就还", receivedAt);
        await harness.Inbound.ProcessAsync(sms);
        var pausedUntil = harness.Installment.PausedUntil;
        harness.Time.Advance(TimeSpan.FromHours(3));

        await harness.Inbound.ProcessAsync(sms);

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 0, 0, 0, Shanghai), pausedUntil);
        Assert.Equal(pausedUntil, harness.Installment.PausedUntil);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal(FollowUpIds.For(receivedAt, "in-1"), followUp.Id);
        Assert.Empty(harness.Outbox.Messages);
    }

    [Fact]
    public async Task Process_PromiseAfterALongerPause_KeepsTheLongerPause()
    {
        var harness = new EventsHarness();
        await harness.PostReplyAsync("I'll pay on the 15th", eventId: "e1", messageId: "in-1");
        var longer = harness.Installment.PausedUntil;

        await harness.PostReplyAsync("I will pay tomorrow", eventId: "e2", messageId: "in-2");

        Assert.Equal(new DateTimeOffset(2026, 12, 16, 0, 0, 0, Shanghai), longer);
        Assert.Equal(longer, harness.Installment.PausedUntil);
        Assert.Equal(2, harness.FollowUps.All.Count(f => f.Kind == FollowUpKind.PromiseToPay));
    }

    [Theory]
    [InlineData("stop texting me, I will pay on Friday")]
    [InlineData("退订 我明天还")]
    public async Task Process_OptOutThatAlsoPromises_OptsOutAndPausesNothing(string text)
    {
        var harness = new EventsHarness();

        var result = await harness.Inbound.ProcessAsync(new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, text, harness.Time.GetUtcNow()));

        Assert.Equal(ReplyIntent.OptOut, result.Intent);
        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        Assert.Null(harness.Installment.PausedUntil);
        Assert.Equal(FollowUpKind.OptOutSaidMore, Assert.Single(harness.FollowUps.All).Kind);
        Assert.Equal(ReplyTemplateIds.For(ReplyKind.OptOutConfirmation), Assert.Single(harness.Outbox.Messages).TemplateId);
    }
}
