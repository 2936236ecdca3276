using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Messaging;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Events;

/// <summary>A certain opt-out that says more is honoured as any STOP, and what else it says reaches staff.</summary>
public sealed class InboundOptOutSaidMoreTests
{
    private static readonly string OptOutConfirmation = ReplyTemplateIds.For(ReplyKind.OptOutConfirmation);

    [Theory]
    [InlineData("stop calling me, I will pay Friday", "stop calling me", true)]
    [InlineData("【安心贷】别再发了，我下周五就还", "别 再 发", true)]
    [InlineData("STOP ALL. My husband passed away, write to his lawyer", "stop all", false)]
    public async Task Process_CertainOptOutThatSaysMore_OptsOutConfirmsOnceAndRaisesOneFollowUpWithTextAndReading(string text, string matchedWords, bool promises)
    {
        var harness = new EventsHarness();

        var result = await harness.Inbound.ProcessAsync(new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, text, harness.Time.GetUtcNow()));

        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        Assert.Equal(OptOutConfirmation, Assert.Single(harness.Outbox.Messages).TemplateId);
        Assert.Equal((ReplyKind.OptOutConfirmation, FollowUpKind.OptOutSaidMore), (result.Reply, result.FollowUp));
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal((FollowUpKind.OptOutSaidMore, text, EventsHarness.BorrowerId), (followUp.Kind, followUp.Text, followUp.BorrowerId));
        Assert.Equal(FollowUpIds.For(harness.Time.GetUtcNow(), "in-1"), followUp.Id);
        var retention = (await harness.Lenders.FindAsync(EventsHarness.LenderId))!.ReplyRetentionDays;
        Assert.Equal(harness.Time.GetUtcNow().AddDays(retention), followUp.TextExpiresAt);
        var reading = followUp.Reading!;
        Assert.Equal((ReplyIntent.OptOut, ReplyDoubt.None, matchedWords), (reading.Intent, reading.Doubt, reading.MatchedWords));
        Assert.Equal(promises ? [ReplyIntent.Promise] : [], reading.AlsoAsked);
    }

    [Fact]
    public async Task Process_OptOutThatSaysMoreRedelivered_RaisesNoSecondFollowUpAndNoSecondConfirmation()
    {
        var harness = new EventsHarness();
        await harness.PostReplyAsync("stop calling me, I will pay Friday", eventId: "e1", messageId: "in-1");
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        // Event Grid retries with a new event id; the message (id and timestamp) is the same.
        var sms = new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "stop calling me, I will pay Friday", harness.Time.GetUtcNow().AddMinutes(-5));
        await harness.Inbound.ProcessAsync(sms);
        await harness.Inbound.ProcessAsync(sms);

        Assert.Equal(FollowUpKind.OptOutSaidMore, Assert.Single(harness.FollowUps.All).Kind);

        // A redelivery queues the confirmation again under the same job id; SendSms's ledger lets one through.
        Assert.Equal(OptOutConfirmation, Assert.Single(harness.Outbox.Messages.DistinctBy(m => m.JobId)).TemplateId);
    }

    [Fact]
    public async Task Process_SaysMoreFromANumberAlreadyOptedOut_StillReachesStaffWithoutASecondConfirmation()
    {
        var harness = new EventsHarness();
        var optedOutAt = harness.Time.GetUtcNow().AddDays(-1);
        await harness.Borrowers.TrySavePhoneAsync(harness.BorrowerPhoneStatus with { OptedOut = true, OptedOutAt = optedOutAt });

        await harness.PostReplyAsync("I said stop texting me. My son will sort it out in March");

        Assert.Equal((true, optedOutAt), (harness.BorrowerPhoneStatus.OptedOut, harness.BorrowerPhoneStatus.OptedOutAt));
        Assert.Empty(harness.Outbox.Messages);
        var followUp = Assert.Single(harness.FollowUps.All);
        Assert.Equal((FollowUpKind.OptOutSaidMore, "I said stop texting me. My son will sort it out in March"), (followUp.Kind, followUp.Text));
    }

    /// <summary>
    /// The whole corpus through the processor: a "more" reply reaches staff (as this kind, or as free text when the
    /// reading is doubtful, as before); a "stop" or "short" one raises nothing new (a doubtful reading still goes to
    /// staff as free text: "[AcmeLoan] STOP" reads as a keyword inside a sentence).
    /// </summary>
    [Theory]
    [MemberData(nameof(OptOutRemainderTests.Corpus), MemberType = typeof(OptOutRemainderTests))]
    public async Task Process_CorpusOptOut_OptsOutAndReachesStaffOnlyWhenItSaysMore(int line, string label, string text)
    {
        var harness = new EventsHarness();

        var result = await harness.Inbound.ProcessAsync(new InboundSms("in-1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, text, harness.Time.GetUtcNow()));

        Assert.True(harness.BorrowerPhoneStatus.OptedOut, $"line {line}");
        Assert.Equal(OptOutConfirmation, Assert.Single(harness.Outbox.Messages).TemplateId);
        var doubtful = result.Match!.IsDoubtful;
        FollowUpKind? expected = (label, doubtful) switch
        {
            (_, true) => FollowUpKind.FreeText,
            ("more", false) => FollowUpKind.OptOutSaidMore,
            _ => null,
        };
        Assert.True(expected == harness.FollowUps.All.SingleOrDefault()?.Kind, $"line {line} ({label}, doubtful {doubtful}): \"{text}\" raised {result.FollowUp}");
        Assert.Equal(expected is null ? null : text, harness.FollowUps.All.SingleOrDefault()?.Text);
    }
}
