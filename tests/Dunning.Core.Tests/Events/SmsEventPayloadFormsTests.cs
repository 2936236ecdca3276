using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Events;

/// <summary>STOP, HELP and a delivery report act the same in every documented body form.</summary>
public sealed class SmsEventPayloadFormsTests
{
    public static TheoryData<EventSchemaForm, bool, bool> Forms()
    {
        var data = new TheoryData<EventSchemaForm, bool, bool>();
        foreach (var schema in Enum.GetValues<EventSchemaForm>())
        {
            foreach (var pascal in new[] { false, true })
            {
                foreach (var plus in new[] { true, false })
                {
                    data.Add(schema, pascal, plus);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task HandleAsync_StopInAnyForm_OptsTheBorrowerOut(EventSchemaForm schema, bool pascalData, bool plus)
    {
        var harness = new EventsHarness();
        var sms = Payloads.SmsReceived("e-stop", "Incoming_stop", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "STOP", harness.Time.GetUtcNow());

        var reply = await harness.PostAsync(PayloadForms.Body(sms, schema, pascalData, plus));

        Assert.Equal(200, reply.StatusCode);
        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        var confirmation = Assert.Single(harness.Outbox.Messages);
        Assert.Equal(ReplyTemplateIds.For(ReplyKind.OptOutConfirmation), confirmation.TemplateId);
        Assert.Equal(EventsHarness.BorrowerPhone, confirmation.To);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task HandleAsync_HelpInAnyForm_RepliesToTheE164Number(EventSchemaForm schema, bool pascalData, bool plus)
    {
        var harness = new EventsHarness();
        var sms = Payloads.SmsReceived("e-help", "Incoming_help", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "帮助", harness.Time.GetUtcNow());

        var reply = await harness.PostAsync(PayloadForms.Body(sms, schema, pascalData, plus));

        Assert.Equal(200, reply.StatusCode);
        var help = Assert.Single(harness.Outbox.Messages);
        Assert.Equal(ReplyTemplateIds.For(ReplyKind.Help), help.TemplateId);
        Assert.Equal(EventsHarness.BorrowerPhone, help.To);
        Assert.Equal(harness.BorrowerHash, help.BorrowerKey);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task HandleAsync_DeliveryReportInAnyForm_MovesTheLedgerAndKeepsTheTag(EventSchemaForm schema, bool pascalData, bool plus)
    {
        var harness = new EventsHarness();
        await harness.Ledger.TryUpdateAsync(harness.Reminder with { MessageId = "Outgoing_unindexed" });
        var report = Payloads.DeliveryReport("e-dr", "Outgoing_unindexed", "Delivered", harness.Time.GetUtcNow(), tag: EventsHarness.ReminderJobId);

        var reply = await harness.PostAsync(PayloadForms.Body(report, schema, pascalData, plus));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(SendState.Delivered, harness.Reminder.State);
    }

    [Fact]
    public async Task HandleAsync_RestSpecCloudEventSample_WithSpecVersionAndPascalData_IsRead()
    {
        // The shape of the REST-spec CloudEvents SMSReceived sample: "specVersion", PascalCase data, numbers without +.
        var harness = new EventsHarness();
        var body = $$"""
            {
              "source": "/subscriptions/s/resourcegroups/rg/providers/microsoft.communication/communicationservices/acs",
              "subject": "/phonenumber/{{EventsHarness.BorrowerPhone.TrimStart('+')}}",
              "type": "Microsoft.Communication.SMSReceived",
              "time": "2026-12-04T02:00:00Z",
              "id": "Incoming_sample",
              "data": {
                "MessageId": "Incoming_sample",
                "From": "{{EventsHarness.BorrowerPhone.TrimStart('+')}}",
                "To": "{{EventsHarness.SenderId.TrimStart('+')}}",
                "Message": "Stop messaging me",
                "ReceivedTimestamp": "2026-12-04T02:00:00Z",
                "SegmentCount": 1
              },
              "specVersion": "1.0"
            }
            """;

        var reply = await harness.PostAsync(body, "application/cloudevents+json");

        Assert.Equal(200, reply.StatusCode);
        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
    }

    [Fact]
    public async Task HandleAsync_DocsSampleWithPascalTagInCamelData_UsesTheTag()
    {
        // The docs' delivery report sample writes "Tag" in PascalCase beside camelCase keys.
        var harness = new EventsHarness();
        await harness.Ledger.TryUpdateAsync(harness.Reminder with { MessageId = "Outgoing_unindexed" });
        var report = Payloads.DeliveryReport("e-tag", "Outgoing_unindexed", "Delivered", harness.Time.GetUtcNow());
        var data = report["data"]!.AsObject();
        data.Remove("tag");
        data["Tag"] = EventsHarness.ReminderJobId;

        await harness.PostAsync(Payloads.EventGridBatch(report));

        Assert.Equal(SendState.Delivered, harness.Reminder.State);
    }

    [Fact]
    public async Task HandleAsync_PascalBodyMissingMessageId_Returns400NamingTheField()
    {
        var harness = new EventsHarness();
        var sms = Payloads.SmsReceived("e-x", "Incoming_x", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "STOP", harness.Time.GetUtcNow());
        sms["data"]!.AsObject().Remove("messageId");

        var reply = await harness.PostAsync(PayloadForms.Body(sms, EventSchemaForm.EventGrid, pascalData: true, plus: false));

        Assert.Equal(400, reply.StatusCode);
        Assert.Contains("data.messageId is missing", EventsHarness.Json(reply).GetProperty("error").GetString());
        Assert.False(harness.BorrowerPhoneStatus.OptedOut);
    }

    [Fact]
    public async Task Process_NationalNumberWithoutCountryCode_IsReadInTheLendersRegion()
    {
        // "13800138000" is a Chinese mobile written nationally; the lender's region (CN) supplies +86.
        var harness = new EventsHarness();

        var result = await harness.Inbound.ProcessAsync(new InboundSms("in-n", "13800138000", EventsHarness.SenderId.TrimStart('+'), "退订", harness.Time.GetUtcNow()));

        Assert.True(result.KnownNumber);
        Assert.True(harness.BorrowerPhoneStatus.OptedOut);
        Assert.Equal(EventsHarness.BorrowerPhone, Assert.Single(harness.Outbox.Messages).To);
    }

    [Fact]
    public async Task Process_UnknownNumberWithoutPlus_IsHashedAsE164()
    {
        var harness = new EventsHarness();
        const string stranger = "+8613900000000";

        await harness.Inbound.ProcessAsync(new InboundSms("in-s", stranger.TrimStart('+'), EventsHarness.SenderId, "STOP", harness.Time.GetUtcNow()));

        Assert.True(harness.Borrowers.Phone(EventsHarness.LenderId, harness.Hasher.Hash(stranger))!.OptedOut);
        Assert.Equal(FollowUpKind.UnknownSender, Assert.Single(harness.FollowUps.All).Kind);
    }
}
