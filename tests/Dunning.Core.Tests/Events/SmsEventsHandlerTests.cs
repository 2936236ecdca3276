using System.Text;
using System.Text.Json.Nodes;
using Dunning.Core.Events;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Events;

public sealed class SmsEventsHandlerTests
{
    [Fact]
    public async Task HandleAsync_EventGridValidationEvent_EchoesTheCode()
    {
        var harness = new EventsHarness();

        var reply = await harness.PostAsync(Payloads.EventGridBatch(Payloads.Validation("v-1", "512d38b6-c7b8-40c8-89fe-f46f9e9622b6")));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", EventsHarness.Json(reply).GetProperty("validationResponse").GetString());
        Assert.Equal(0, harness.EventLog.Count);
    }

    [Fact]
    public async Task HandleAsync_CloudEventsOptions_AllowsTheRequestingOrigin()
    {
        var harness = new EventsHarness();
        var call = EventsHarness.Call("OPTIONS", "", headers: new Dictionary<string, string> { ["webhook-request-origin"] = "eventgrid.azure.net" });

        var reply = await harness.Handler.HandleAsync(call);

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal("eventgrid.azure.net", reply.Headers![SmsEventsHandler.AllowedOriginHeader]);
        Assert.Equal("*", reply.Headers[SmsEventsHandler.AllowedRateHeader]);
    }

    [Fact]
    public async Task HandleAsync_OptionsWithoutOrigin_Returns400()
    {
        var reply = await new EventsHarness().Handler.HandleAsync(EventsHarness.Call("OPTIONS", ""));

        Assert.Equal(400, reply.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_Get_Returns405()
    {
        var reply = await new EventsHarness().Handler.HandleAsync(EventsHarness.Call("GET", ""));

        Assert.Equal(405, reply.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_DeclaredLengthOverOneMegabyte_Returns413WithoutReading()
    {
        var harness = new EventsHarness();
        var body = new ThrowingStream();

        var reply = await harness.Handler.HandleAsync(new HttpCall("POST", new Dictionary<string, string>(), body, SmsEventsHandler.MaxBodyBytes + 1L));

        Assert.Equal(413, reply.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_UndeclaredBodyOverOneMegabyte_Returns413()
    {
        var harness = new EventsHarness();
        var big = "[" + string.Join(",", Enumerable.Repeat("\"" + new string('x', 1000) + "\"", 1100)) + "]";
        var call = new HttpCall("POST", new Dictionary<string, string>(), new MemoryStream(Encoding.UTF8.GetBytes(big)), null);

        var reply = await harness.Handler.HandleAsync(call);

        Assert.Equal(413, reply.StatusCode);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("[{\"id\":\"e1\",\"eventType\":", "not valid JSON")]
    [InlineData("{\"id\":\"e1\"}", "CloudEvent")]
    [InlineData("42", "JSON array")]
    [InlineData("[]", "no events")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("[{\"id\":1,\"eventType\":\"x\",\"subject\":\"s\",\"eventTime\":\"2026-12-01T00:00:00Z\",\"data\":{},\"dataVersion\":\"1\"}]", "id must be a string")]
    [InlineData("[{\"id\":\"e1\",\"eventType\":\"x\",\"subject\":\"s\",\"eventTime\":\"yesterday\",\"data\":{},\"dataVersion\":\"1\"}]", "eventTime")]
    [InlineData("[{\"id\":\"e1\",\"eventType\":\"x\",\"subject\":\"s\",\"eventTime\":\"2026-12-01T00:00:00Z\",\"dataVersion\":\"1\"}]", "data is missing")]
    [InlineData("[{\"id\":\"e1\",\"eventType\":\"Microsoft.Communication.SMSReceived\",\"subject\":\"s\",\"eventTime\":\"2026-12-01T00:00:00Z\",\"data\":{\"messageId\":\"m\",\"to\":\"+1\",\"message\":\"hi\"},\"dataVersion\":\"1\"}]", "data.from is missing")]
    [InlineData("[{\"id\":\"e1\",\"eventType\":\"Microsoft.Communication.SMSDeliveryReportReceived\",\"subject\":\"s\",\"eventTime\":\"2026-12-01T00:00:00Z\",\"data\":{\"messageId\":\"m\",\"deliveryStatus\":7},\"dataVersion\":\"1\"}]", "deliveryStatus must be a string")]
    [InlineData("[{\"id\":\"e1\",\"eventType\":\"Microsoft.Communication.SMSDeliveryReportReceived\",\"subject\":\"s\",\"eventTime\":\"2026-12-01T00:00:00Z\",\"data\":[],\"dataVersion\":\"1\"}]", "data must be an object")]
    [InlineData("[{\"id\":\"e1\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"eventTime\":\"2026-12-01T00:00:00Z\",\"data\":{},\"dataVersion\":\"1\"}]", "subject is missing")]
    [InlineData("[{\"id\":\"e1\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"subject\":\"\",\"eventTime\":\"2026-12-01T00:00:00Z\",\"data\":{},\"dataVersion\":\"1\"}]", "validationCode is missing")]
    [InlineData("{\"specversion\":\"0.3\",\"id\":\"e\",\"type\":\"t\",\"source\":\"s\"}", "not 1.0")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\"}", "type is missing")]
    public async Task HandleAsync_MalformedBody_Returns400WithReason(string body, string reasonPart)
    {
        var harness = new EventsHarness();

        var reply = await harness.PostAsync(body);

        Assert.Equal(400, reply.StatusCode);
        Assert.Contains(reasonPart, EventsHarness.Json(reply).GetProperty("error").GetString());
    }

    [Fact]
    public async Task HandleAsync_NestingDeeperThanTheLimit_Returns400()
    {
        var depth = SmsEventsHandler.MaxJsonDepth + 5;
        var body = "[" + new string('[', depth) + new string(']', depth) + "]";

        var reply = await new EventsHarness().PostAsync(body);

        Assert.Equal(400, reply.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_MessageIdLongerThanATableKeyAllows_Returns400()
    {
        var harness = new EventsHarness();
        var report = Payloads.DeliveryReport("d-long", new string('m', SmsEventData.MaxMessageIdLength + 1), "Delivered", harness.Time.GetUtcNow());

        var reply = await harness.PostAsync(Payloads.EventGridBatch(report));

        Assert.Equal(400, reply.StatusCode);
        Assert.Contains("messageId", EventsHarness.Json(reply).GetProperty("error").GetString());
    }

    [Fact]
    public async Task HandleAsync_MoreEventsThanABatchHolds_Returns400()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("{}", EventEnvelopeParser.MaxEvents + 1)) + "]";

        var reply = await new EventsHarness().PostAsync(body);

        Assert.Equal(400, reply.StatusCode);
        Assert.Contains("at most", EventsHarness.Json(reply).GetProperty("error").GetString());
    }

    [Fact]
    public async Task HandleAsync_InvalidUtf8InsideAString_Returns400()
    {
        var prefix = Encoding.UTF8.GetBytes("[{\"id\":\"");
        var suffix = Encoding.UTF8.GetBytes("\",\"eventType\":\"x\",\"subject\":\"s\",\"eventTime\":\"2026-12-01T00:00:00Z\",\"data\":{},\"dataVersion\":\"1\"}]");
        byte[] body = [.. prefix, 0xC3, 0x28, .. suffix];
        var call = new HttpCall("POST", new Dictionary<string, string>(), new MemoryStream(body), body.Length);

        var reply = await new EventsHarness().Handler.HandleAsync(call);

        Assert.Equal(400, reply.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_BadEventInBatch_RejectsTheWholeBatchWithNothingDone()
    {
        var harness = new EventsHarness();
        var good = Payloads.DeliveryReport("d-1", EventsHarness.ReminderMessageId, "Delivered", harness.Time.GetUtcNow());
        var bad = Payloads.DeliveryReport("d-2", EventsHarness.ReminderMessageId, "Delivered", harness.Time.GetUtcNow());
        bad["data"]!.AsObject().Remove("messageId");

        var reply = await harness.PostAsync(Payloads.EventGridBatch(good, bad));

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal(SendState.Sent, harness.Reminder.State);
    }

    [Fact]
    public async Task HandleAsync_UnknownEventType_AcknowledgedAndIgnored()
    {
        var harness = new EventsHarness();
        var other = Payloads.EventGridEvent("x-1", "Microsoft.Storage.BlobCreated", "/blobServices/default", harness.Time.GetUtcNow(), new JsonObject { ["api"] = "PutBlob" });

        var reply = await harness.PostAsync(Payloads.EventGridBatch(other));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(1, EventsHarness.Json(reply).GetProperty("ignored").GetInt32());
        Assert.Equal(0, harness.EventLog.Count);
    }

    [Fact]
    public async Task HandleAsync_ManySmallUnknownEvents_AcknowledgesAll()
    {
        var harness = new EventsHarness();
        var events = Enumerable.Range(0, 4000)
            .Select(i => new JsonObject { ["id"] = $"e{i}", ["eventType"] = "Other", ["subject"] = "s", ["eventTime"] = "2026-12-01T00:00:00Z", ["data"] = new JsonObject(), ["dataVersion"] = "1" })
            .ToArray();

        var reply = await harness.PostAsync(Payloads.EventGridBatch(events));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(4000, EventsHarness.Json(reply).GetProperty("ignored").GetInt32());
    }

    [Fact]
    public async Task HandleAsync_CloudEventDeliveryReport_MovesTheLedger()
    {
        var harness = new EventsHarness();
        var report = Payloads.DeliveryReport("d-1", EventsHarness.ReminderMessageId, "Delivered", harness.Time.GetUtcNow());

        var reply = await harness.PostAsync(Payloads.CloudEvent(report), "application/cloudevents+json; charset=utf-8");

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
    }

    [Fact]
    public async Task HandleAsync_CloudEventBatch_ProcessesEachEvent()
    {
        var harness = new EventsHarness();
        var now = harness.Time.GetUtcNow();

        var reply = await harness.PostAsync(
            Payloads.CloudEventBatch(
                Payloads.DeliveryReport("d-1", EventsHarness.ReminderMessageId, "Delivered", now),
                Payloads.SmsReceived("r-1", "Incoming_9", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "帮助", now)),
            "application/cloudevents-batch+json");

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(2, EventsHarness.Json(reply).GetProperty("processed").GetInt32());
        Assert.Single(harness.Outbox.Messages);
    }

    [Fact]
    public async Task HandleAsync_CloudEventContentTypeWithEventGridBody_Returns400()
    {
        var harness = new EventsHarness();

        var reply = await harness.PostAsync(
            Payloads.EventGridBatch(Payloads.DeliveryReport("d-1", "m", "Delivered", harness.Time.GetUtcNow())),
            "application/cloudevents-batch+json");

        Assert.Equal(400, reply.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_SameInboundEventThreeTimes_QueuesOneReply()
    {
        var harness = new EventsHarness();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await harness.PostReplyAsync("HELP", eventId: "evt-help")).StatusCode);
        }

        var reply = Assert.Single(harness.Outbox.Messages);
        Assert.Equal($"{EventsHarness.LenderId}:reply:Incoming_1", reply.JobId);
        Assert.Equal(MessageKind.Reply, reply.Kind);
        Assert.False(reply.CountsAgainstCap);
    }

    [Fact]
    public async Task HandleAsync_SameEventTwiceInOneBatch_ActsOnce()
    {
        var harness = new EventsHarness();
        var sms = Payloads.SmsReceived("evt-x", "Incoming_2", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "?", harness.Time.GetUtcNow());

        var reply = await harness.PostAsync(Payloads.EventGridBatch(sms, (JsonObject)sms.DeepClone()));

        Assert.Equal(1, EventsHarness.Json(reply).GetProperty("duplicates").GetInt32());
        Assert.Single(harness.Outbox.Messages);
    }

    [Fact]
    public async Task HandleAsync_RedeliveryAfterCrashBeforeRecording_StillOneReplyInTheLedger()
    {
        // The event was acted on but never recorded (crash); SendSms already took the reply into the ledger.
        var harness = new EventsHarness();
        await harness.PostReplyAsync("HELP", eventId: "evt-crash");
        var queued = Assert.Single(harness.Outbox.Messages);
        await ((ISendLedger)harness.Ledger).GetOrAddAsync(new SendRecord
        {
            JobId = queued.JobId, LenderId = queued.LenderId, BorrowerId = queued.BorrowerId, BorrowerKey = queued.BorrowerKey,
            Stage = queued.Stage, TemplateId = queued.TemplateId, Kind = queued.Kind, CreatedAt = harness.Time.GetUtcNow(),
        });

        await harness.Inbound.ProcessAsync(new InboundSms("Incoming_1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "HELP", harness.Time.GetUtcNow()));

        Assert.Single(harness.Outbox.Messages);
    }

    [Fact]
    public async Task HandleAsync_DeliveryReportRedelivered_ChangesNothingAndRecordsNoEventId()
    {
        var harness = new EventsHarness();
        var report = Payloads.DeliveryReport("d-1", EventsHarness.ReminderMessageId, "Failed", harness.Time.GetUtcNow());
        await harness.PostAsync(Payloads.EventGridBatch(report));
        var afterFirst = harness.Reminder;

        var reply = await harness.PostAsync(Payloads.EventGridBatch((JsonObject)report.DeepClone()));

        Assert.Equal(1, EventsHarness.Json(reply).GetProperty("duplicates").GetInt32());
        Assert.Equal(0, EventsHarness.Json(reply).GetProperty("processed").GetInt32());
        Assert.Equal(SendState.Failed, harness.Reminder.State);
        Assert.Equal(afterFirst.DeliveryReportedAt, harness.Reminder.DeliveryReportedAt);
        Assert.Equal(0, harness.EventLog.Count);
    }

    [Fact]
    public async Task HandleAsync_ManyReportsForOneMessageInOneBatch_DeliveredWinsWhateverTheOrder()
    {
        var harness = new EventsHarness();
        var at = harness.Time.GetUtcNow();
        var reports = Enumerable.Range(0, 20)
            .Select(i => Payloads.DeliveryReport($"d-{i}", EventsHarness.ReminderMessageId, i == 13 ? "Delivered" : "Failed", at.AddSeconds(i)))
            .ToArray();

        var reply = await harness.PostAsync(Payloads.EventGridBatch(reports));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
        Assert.Equal(at.AddSeconds(13), harness.Reminder.DeliveryReportedAt);
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new InvalidOperationException("read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("read");
    }
}
