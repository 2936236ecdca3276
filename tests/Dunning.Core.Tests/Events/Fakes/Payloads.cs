using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dunning.Core.Tests.Events.Fakes;

/// <summary>
/// Event bodies shaped like the documented ACS SMS and Event Grid schemas (written for these tests): an Event Grid
/// delivery is an array of events with id, topic, subject, eventType, eventTime, data, dataVersion, metadataVersion;
/// a CloudEvent carries specversion, type, source, id, time, subject, data.
/// </summary>
internal static class Payloads
{
    private const string Topic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dunning/providers/Microsoft.Communication/communicationServices/acs-dunning";

    public static JsonObject SmsReceived(string eventId, string messageId, string from, string to, string message, DateTimeOffset receivedAt) =>
        EventGridEvent(eventId, "Microsoft.Communication.SMSReceived", $"/phonenumber/{from.TrimStart('+')}", receivedAt, new JsonObject
        {
            ["messageId"] = messageId,
            ["from"] = from,
            ["to"] = to,
            ["message"] = message,
            ["receivedTimestamp"] = receivedAt.ToString("O"),
        });

    public static JsonObject DeliveryReport(string eventId, string messageId, string status, DateTimeOffset receivedAt, string? tag = null, string details = "No error.") =>
        EventGridEvent(eventId, "Microsoft.Communication.SMSDeliveryReportReceived", "/phonenumber/8613800138000", receivedAt, new JsonObject
        {
            ["messageId"] = messageId,
            ["from"] = "+18005550199",
            ["to"] = "+8613800138000",
            ["deliveryStatus"] = status,
            ["deliveryStatusDetails"] = details,
            ["deliveryAttempts"] = new JsonArray(new JsonObject
            {
                ["timestamp"] = receivedAt.AddSeconds(-3).ToString("O"),
                ["segmentsSucceeded"] = status == "Delivered" ? 1 : 0,
                ["segmentsFailed"] = status == "Delivered" ? 0 : 1,
            }),
            ["receivedTimestamp"] = receivedAt.ToString("O"),
            ["tag"] = tag,
        });

    public static JsonObject Validation(string eventId, string code) =>
        EventGridEvent(eventId, "Microsoft.EventGrid.SubscriptionValidationEvent", "", DateTimeOffset.Parse("2026-12-01T00:00:00Z"), new JsonObject
        {
            ["validationCode"] = code,
            ["validationUrl"] = "https://rp-eastus2.eventgrid.azure.net/eventsubscriptions/sms/validate?id=" + code,
        });

    public static JsonObject EventGridEvent(string id, string type, string subject, DateTimeOffset time, JsonNode data) => new()
    {
        ["id"] = id,
        ["topic"] = Topic,
        ["subject"] = subject,
        ["data"] = data,
        ["eventType"] = type,
        ["dataVersion"] = "1.0",
        ["metadataVersion"] = "1",
        ["eventTime"] = time.ToString("O"),
    };

    /// <summary>The same event in the CloudEvents 1.0 schema.</summary>
    public static JsonObject AsCloudEvent(JsonObject eventGridEvent) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = eventGridEvent["id"]!.DeepClone(),
        ["source"] = Topic,
        ["type"] = eventGridEvent["eventType"]!.DeepClone(),
        ["subject"] = eventGridEvent["subject"]!.DeepClone(),
        ["time"] = eventGridEvent["eventTime"]!.DeepClone(),
        ["datacontenttype"] = "application/json",
        ["data"] = eventGridEvent["data"]!.DeepClone(),
    };

    public static string EventGridBatch(params JsonObject[] events) => new JsonArray([.. events]).ToJsonString();

    public static string CloudEventBatch(params JsonObject[] events) => new JsonArray([.. events.Select(AsCloudEvent)]).ToJsonString();

    public static string CloudEvent(JsonObject eventGridEvent) => AsCloudEvent(eventGridEvent).ToJsonString(new JsonSerializerOptions());
}
