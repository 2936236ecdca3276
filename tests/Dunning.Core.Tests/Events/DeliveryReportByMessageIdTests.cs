using Dunning.Core.Events;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Events;

/// <summary>
/// A delivery report finds its ledger row by messageId whatever its tag: ACS marks the tag optional, and the samples
/// Microsoft publishes carry none (REST-spec Event Grid and CloudEvents samples) or a placeholder (the docs' sample).
/// </summary>
public sealed class DeliveryReportByMessageIdTests
{
    private const string PlaceholderTag = "Optional customer-tag set in the original message";
    private const string OtherJobId = EventsHarness.LenderId + ":L-200:2:T-1";

    public static TheoryData<string?> TagsThatAreNotTheJob() =>
    [
        null,
        "",
        "   ",
        PlaceholderTag,
        "campaign-7",
        "acme-loans:",
        "other-lender:L-1:1:T-3",
        OtherJobId,
    ];

    [Theory]
    [MemberData(nameof(TagsThatAreNotTheJob))]
    public async Task Process_TagIsNotTheJob_FindsTheRowByMessageId(string? tag)
    {
        var harness = new EventsHarness();
        var other = harness.Ledger.Add(harness.Reminder with { JobId = OtherJobId, MessageId = "Outgoing_other", ETag = null });
        var processor = new DeliveryReportProcessor(harness.Ledger, harness.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<DeliveryReportProcessor>.Instance);

        var outcome = await processor.ProcessAsync(new DeliveryReport(EventsHarness.ReminderMessageId, "Delivered", null, tag, harness.Time.GetUtcNow()));

        Assert.Equal(DeliveryReportOutcome.Applied, outcome);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
        Assert.Equal(other, await harness.Ledger.GetAsync(EventsHarness.LenderId, OtherJobId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(PlaceholderTag)]
    public async Task HandleAsync_EventGridSampleShapes_MovesTheRow(string? pascalTag)
    {
        // The REST-spec Event Grid example (camelCase data, no tag, "from" without +) and the docs' one (the same
        // with "Tag" in PascalCase holding a placeholder sentence), in the array Event Grid delivers.
        var harness = new EventsHarness();
        var tagMember = pascalTag is null ? "" : $$""", "Tag": "{{pascalTag}}" """;
        var body = $$"""
            [{
              "id": "{{EventsHarness.ReminderMessageId}}",
              "topic": "/subscriptions/sub-1/resourceGroups/rg-dunning/providers/microsoft.communication/communicationservices/acs-dunning",
              "subject": "/phonenumber/18005550199",
              "data": {
                "messageId": "{{EventsHarness.ReminderMessageId}}",
                "from": "18005550199",
                "to": "{{EventsHarness.BorrowerPhone}}",
                "deliveryStatus": "Delivered",
                "deliveryStatusDetails": "No error.",
                "receivedTimestamp": "2026-12-04T01:59:58.1234567Z",
                "deliveryAttempts": [ { "timestamp": "2026-12-04T01:59:51.5Z", "segmentsSucceeded": 1, "segmentsFailed": 0 } ]{{tagMember}}
              },
              "eventType": "Microsoft.Communication.SMSDeliveryReportReceived",
              "dataVersion": "1.0",
              "metadataVersion": "1",
              "eventTime": "2026-12-04T01:59:58Z"
            }]
            """;

        var reply = await harness.PostAsync(body);

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
        Assert.Equal("No error.", harness.Reminder.DeliveryStatusDetails);
    }

    [Fact]
    public async Task HandleAsync_RestSpecCloudEventSampleShape_PascalDataNoTag_MovesTheRow()
    {
        // The REST-spec CloudEvents example: one object with specversion, PascalCase data, no tag.
        var harness = new EventsHarness();
        var body = $$"""
            {
              "source": "/subscriptions/sub-1/resourceGroups/rg-dunning/providers/microsoft.communication/communicationservices/acs-dunning",
              "subject": "/phonenumber/18005550199",
              "type": "Microsoft.Communication.SMSDeliveryReportReceived",
              "time": "2026-12-04T01:59:58.0000000Z",
              "id": "{{EventsHarness.ReminderMessageId}}",
              "data": {
                "MessageId": "{{EventsHarness.ReminderMessageId}}",
                "From": "18005550199",
                "To": "{{EventsHarness.BorrowerPhone}}",
                "DeliveryStatus": "Failed",
                "DeliveryStatusDetails": "Carrier rejected the message.",
                "ReceivedTimestamp": "2026-12-04T01:59:58.1234567Z",
                "DeliveryAttempts": [ { "Timestamp": "2026-12-04T01:59:51.5Z", "SegmentsSucceeded": 0, "SegmentsFailed": 1 } ]
              },
              "specversion": "1.0"
            }
            """;

        var reply = await harness.PostAsync(body, "application/cloudevents+json; charset=utf-8");

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(SendState.Failed, harness.Reminder.State);
        Assert.Equal(DeliveryReportRule.FailedReason, harness.Reminder.Reason);
    }

    [Theory]
    [InlineData(EventSchemaForm.EventGrid, false)]
    [InlineData(EventSchemaForm.EventGrid, true)]
    [InlineData(EventSchemaForm.CloudEvents, false)]
    [InlineData(EventSchemaForm.CloudEvents, true)]
    public async Task HandleAsync_NoTagInEitherSchemaAndCasing_MovesTheRow(EventSchemaForm schema, bool pascalData)
    {
        var harness = new EventsHarness();
        var report = Payloads.DeliveryReport("e-notag", EventsHarness.ReminderMessageId, "Delivered", harness.Time.GetUtcNow());
        report["data"]!.AsObject().Remove("tag");

        var reply = await harness.PostAsync(PayloadForms.Body(report, schema, pascalData, plus: true));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
    }

    [Fact]
    public async Task HandleAsync_TagNamesARowWithAnotherMessageId_DoesNotMoveThatRow()
    {
        var harness = new EventsHarness();
        var before = harness.Reminder;
        var report = Payloads.DeliveryReport("e-wrong", "Outgoing_someone_else", "Failed", harness.Time.GetUtcNow().AddHours(-2), tag: EventsHarness.ReminderJobId);

        var reply = await harness.PostAsync(Payloads.EventGridBatch(report));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(before, harness.Reminder);
    }

    [Fact]
    public async Task HandleAsync_TagNamesAnotherRowButTheIndexKnowsTheMessage_MovesOnlyTheIndexedRow()
    {
        var harness = new EventsHarness();
        var other = harness.Ledger.Add(harness.Reminder with { JobId = OtherJobId, MessageId = "Outgoing_other", ETag = null });
        var report = Payloads.DeliveryReport("e-cross", EventsHarness.ReminderMessageId, "Delivered", harness.Time.GetUtcNow(), tag: OtherJobId);

        var reply = await harness.PostAsync(Payloads.EventGridBatch(report));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
        Assert.Equal(other, await harness.Ledger.GetAsync(EventsHarness.LenderId, OtherJobId));
    }

    [Fact]
    public async Task HandleAsync_ReportAheadOfItsSendRecord_Answers503ThenMovesTheRowOnEventGridsRetry()
    {
        // The crash window: ACS accepted the send, the process died before the message id was recorded (no index,
        // the row still Sending). The report, untagged, must not be acknowledged and lost.
        var harness = new EventsHarness();
        var sending = harness.Reminder with { State = SendState.Sending, MessageId = null, SentAt = null };
        await harness.Ledger.TryUpdateAsync(sending);
        const string messageId = "Outgoing_20261204_crashed";
        var body = Payloads.EventGridBatch(Payloads.DeliveryReport("e-early", messageId, "Delivered", harness.Time.GetUtcNow()));

        var early = await harness.PostAsync(body);

        Assert.Equal(503, early.StatusCode);
        Assert.Equal(SendState.Sending, harness.Reminder.State);

        // The queue redelivers the send; the same repeatability id gets the same message id, and recording it
        // (a Sent row with its message id) indexes it.
        Assert.True(await harness.Ledger.TryUpdateAsync(harness.Reminder with { State = SendState.Sent, MessageId = messageId, SentAt = harness.Time.GetUtcNow() }));
        harness.Time.Advance(TimeSpan.FromMinutes(10));

        var retried = await harness.PostAsync(body);

        Assert.Equal(200, retried.StatusCode);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
        Assert.Equal(messageId, harness.Reminder.MessageId);
    }

    [Fact]
    public async Task HandleAsync_ReportAheadOfItsSend_OtherEventsInTheBatchAreAppliedOnceAcrossTheRetry()
    {
        var harness = new EventsHarness();
        var body = Payloads.EventGridBatch(
            Payloads.DeliveryReport("e-known", EventsHarness.ReminderMessageId, "Delivered", harness.Time.GetUtcNow()),
            Payloads.DeliveryReport("e-early", "Outgoing_not_yet", "Delivered", harness.Time.GetUtcNow()),
            Payloads.SmsReceived("e-help", "Incoming_help", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "HELP", harness.Time.GetUtcNow()));

        var first = await harness.PostAsync(body);
        var second = await harness.PostAsync(body);

        Assert.Equal(503, first.StatusCode);
        Assert.Equal(503, second.StatusCode);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
        Assert.Single(harness.Outbox.Messages);
    }

    [Fact]
    public async Task HandleAsync_UnknownMessageOlderThanTheWindow_IsAcknowledgedSoEventGridStops()
    {
        var harness = new EventsHarness();
        var before = harness.Ledger.Rows.ToList();
        var receivedAt = harness.Time.GetUtcNow() - DeliveryReportProcessor.NotYetRecordedWindow - TimeSpan.FromSeconds(1);

        var reply = await harness.PostAsync(Payloads.EventGridBatch(Payloads.DeliveryReport("e-old", "Outgoing_not_ours", "Delivered", receivedAt)));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(before, harness.Ledger.Rows.ToList());
    }
}
