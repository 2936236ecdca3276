using System.Text.Json;

namespace Dunning.Core.Events;

public enum EventSchema
{
    EventGrid,
    CloudEvents,
}

/// <summary>One event, whichever schema carried it. <see cref="Data"/> lives as long as the parsed document.</summary>
public sealed record InboundEvent(string Id, string Type, DateTimeOffset? Time, JsonElement Data, EventSchema Schema);

/// <summary>The event types this endpoint acts on.</summary>
public static class SmsEventTypes
{
    public const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string DeliveryReport = "Microsoft.Communication.SMSDeliveryReportReceived";
    public const string Received = "Microsoft.Communication.SMSReceived";
}
