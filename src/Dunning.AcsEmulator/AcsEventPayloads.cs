using System.Globalization;
using System.Text.Json.Nodes;

namespace Dunning.AcsEmulator;

/// <summary>
/// Event Grid (EventGridEvent schema) payloads as ACS publishes them for SMS: a delivery report and an inbound
/// message. Each builder returns one event; Event Grid posts them as a JSON array.
/// </summary>
public static class AcsEventPayloads
{
    public const string DeliveryReportEventType = "Microsoft.Communication.SMSDeliveryReportReceived";
    public const string ReceivedEventType = "Microsoft.Communication.SMSReceived";
    public const string Topic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dunning-local/providers/Microsoft.Communication/communicationServices/acs-emulator";

    public static JsonObject DeliveryReport(
        string messageId,
        string from,
        string to,
        bool delivered,
        int segments,
        DateTimeOffset attemptedAt,
        DateTimeOffset receivedAt,
        string? tag)
    {
        var data = new JsonObject
        {
            ["messageId"] = messageId,
            ["from"] = from,
            ["to"] = to,
            ["deliveryStatus"] = delivered ? "Delivered" : "Failed",
            ["deliveryStatusDetails"] = delivered ? "No error." : "Undeliverable: the carrier could not reach the handset.",
            ["deliveryAttempts"] = new JsonArray(new JsonObject
            {
                ["timestamp"] = Timestamp(attemptedAt),
                ["segmentsSucceeded"] = delivered ? segments : 0,
                ["segmentsFailed"] = delivered ? 0 : segments,
            }),
            ["receivedTimestamp"] = Timestamp(receivedAt),
        };
        if (tag is not null)
        {
            data["tag"] = tag;
        }

        return Envelope(DeliveryReportEventType, to, data, receivedAt);
    }

    public static JsonObject Received(string messageId, string from, string to, string message, DateTimeOffset receivedAt) =>
        Envelope(
            ReceivedEventType,
            to,
            new JsonObject
            {
                ["messageId"] = messageId,
                ["from"] = from,
                ["to"] = to,
                ["message"] = message,
                ["receivedTimestamp"] = Timestamp(receivedAt),
            },
            receivedAt);

    /// <summary>Segments a carrier bills for the text: GSM-7-ish ASCII 160/153, otherwise UCS-2 70/67.</summary>
    public static int Segments(string text)
    {
        var ascii = text.All(c => c < 128);
        var (single, multi) = ascii ? (160, 153) : (70, 67);
        return text.Length <= single ? 1 : (text.Length + multi - 1) / multi;
    }

    private static JsonObject Envelope(string eventType, string phoneNumber, JsonObject data, DateTimeOffset eventTime) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = Topic,
        ["subject"] = "/phonenumber/" + phoneNumber.TrimStart('+'),
        ["data"] = data,
        ["eventType"] = eventType,
        ["dataVersion"] = "1.0",
        ["metadataVersion"] = "1",
        ["eventTime"] = Timestamp(eventTime),
    };

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
