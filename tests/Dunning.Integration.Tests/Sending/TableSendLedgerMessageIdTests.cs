using Dunning.Core.Events;
using Dunning.Core.Jobs;
using Dunning.Core.Sending;
using Dunning.Storage.Sending;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Integration.Tests.Sending;

/// <summary>Recording a send indexes its ACS message id, so a delivery report without our tag still finds the row.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableSendLedgerMessageIdTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);
    private readonly string lenderId = "mid-" + Guid.NewGuid().ToString("N")[..12];
    private readonly TableSendLedger ledger = new(azurite.Storage);

    [Fact]
    public async Task TryUpdateAsync_RecordingTheSend_IndexesTheMessageId()
    {
        var sending = await AddSendingAsync("L/1:1:T-3");
        var messageId = NewMessageId();

        Assert.True(await ledger.TryUpdateAsync(sending with { State = SendState.Sent, MessageId = messageId, SentAt = Now }));

        Assert.Equal((lenderId, sending.JobId), await ledger.FindByMessageIdAsync(messageId));
    }

    [Fact]
    public async Task TryUpdateAsync_RowNotSent_WritesNoIndex()
    {
        var sending = await AddSendingAsync("L/1:1:T-1");
        var messageId = NewMessageId();

        Assert.True(await ledger.TryUpdateAsync(sending with { State = SendState.Failed, Reason = "acs-400", MessageId = messageId }));

        Assert.Null(await ledger.FindByMessageIdAsync(messageId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Optional customer-tag set in the original message")]
    public async Task DeliveryReport_WithoutOurTag_MovesTheRecordedRow(string? tag)
    {
        var sending = await AddSendingAsync("L/2:1:T0");
        var messageId = NewMessageId();
        Assert.True(await ledger.TryUpdateAsync(sending with { State = SendState.Sent, MessageId = messageId, SentAt = Now }));
        var processor = new DeliveryReportProcessor(ledger, new FakeTimeProvider(Now.AddMinutes(1)), NullLogger<DeliveryReportProcessor>.Instance);

        var outcome = await processor.ProcessAsync(new DeliveryReport(messageId, "Delivered", "No error.", tag, Now.AddSeconds(30)));

        Assert.Equal(DeliveryReportOutcome.Applied, outcome);
        var row = await ledger.GetAsync(lenderId, sending.JobId);
        Assert.Equal((SendState.Delivered, messageId), (row!.State, row.MessageId));
    }

    [Fact]
    public async Task DeliveryReport_TagOfAnotherRecordedRow_MovesOnlyTheRowOfItsMessageId()
    {
        var reported = await AddSendingAsync("L/3:1:T+1");
        var tagged = await AddSendingAsync("L/3:2:T+1");
        var reportedId = NewMessageId();
        Assert.True(await ledger.TryUpdateAsync(reported with { State = SendState.Sent, MessageId = reportedId, SentAt = Now }));
        Assert.True(await ledger.TryUpdateAsync(tagged with { State = SendState.Sent, MessageId = NewMessageId(), SentAt = Now }));
        var taggedBefore = await ledger.GetAsync(lenderId, tagged.JobId);
        var processor = new DeliveryReportProcessor(ledger, new FakeTimeProvider(Now.AddMinutes(1)), NullLogger<DeliveryReportProcessor>.Instance);

        await processor.ProcessAsync(new DeliveryReport(reportedId, "Failed", "Unreachable.", tagged.JobId, Now.AddSeconds(30)));

        Assert.Equal(SendState.Failed, (await ledger.GetAsync(lenderId, reported.JobId))!.State);
        Assert.Equal(taggedBefore, await ledger.GetAsync(lenderId, tagged.JobId));
    }

    private async Task<SendRecord> AddSendingAsync(string jobSuffix) =>
        (await ledger.TryAddAsync(SampleSendRecords.Scheduled(lenderId, lenderId + ":" + jobSuffix, Now) with { State = SendState.Sending, Attempts = 1 }))!;

    private static string NewMessageId() => "Outgoing_20261204020000" + Guid.NewGuid().ToString("N");
}
