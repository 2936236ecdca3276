using System.Globalization;
using System.Text.Json;

namespace Dunning.Core.Events;

/// <summary>
/// Turns a parsed body into events, accepting the Event Grid schema (a JSON array of events with id, eventType,
/// subject, eventTime, data, dataVersion) and CloudEvents 1.0 (one object, or an array for a batch). Names are
/// read whatever their case (see <see cref="JsonFields"/>). Every problem becomes a reason for a 400, never an exception.
/// </summary>
public static class EventEnvelopeParser
{
    /// <summary>Event Grid delivers at most 5,000 events per batch.</summary>
    public const int MaxEvents = 5000;

    /// <summary>Event ids become table keys; ids from Event Grid and ACS are GUID-sized.</summary>
    public const int MaxIdLength = 256;

    public static bool TryParse(JsonElement root, out IReadOnlyList<InboundEvent> events, out string? error)
    {
        events = [];
        switch (root.ValueKind)
        {
            case JsonValueKind.Object when JsonFields.Has(root, "specversion"):
                return TryReadCloudEvent(root, 0, out var single, out error) && Assign(out events, [single!]);
            case JsonValueKind.Object:
                error = "A single object must be a CloudEvent (specversion missing); Event Grid schema events come in an array.";
                return false;
            case JsonValueKind.Array:
                return TryReadArray(root, out events, out error);
            default:
                error = "The body must be a JSON array of events or a CloudEvent object.";
                return false;
        }
    }

    private static bool TryReadArray(JsonElement array, out IReadOnlyList<InboundEvent> events, out string? error)
    {
        events = [];
        var count = array.GetArrayLength();
        if (count == 0)
        {
            error = "The batch holds no events.";
            return false;
        }

        if (count > MaxEvents)
        {
            error = $"The batch holds {count} events; at most {MaxEvents} are accepted.";
            return false;
        }

        var first = array[0];
        if (first.ValueKind != JsonValueKind.Object)
        {
            error = "Event 0 is not a JSON object.";
            return false;
        }

        var schema = JsonFields.Has(first, "specversion") ? EventSchema.CloudEvents : EventSchema.EventGrid;
        var list = new List<InboundEvent>(count);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                error = $"Event {index} is not a JSON object.";
                return false;
            }

            var isCloudEvent = JsonFields.Has(item, "specversion");
            if (isCloudEvent != (schema == EventSchema.CloudEvents))
            {
                error = $"Event {index} mixes the Event Grid and CloudEvents schemas in one batch.";
                return false;
            }

            InboundEvent? parsed;
            var ok = schema == EventSchema.CloudEvents
                ? TryReadCloudEvent(item, index, out parsed, out error)
                : TryReadEventGridEvent(item, index, out parsed, out error);
            if (!ok)
            {
                return false;
            }

            list.Add(parsed!);
            index++;
        }

        events = list;
        error = null;
        return true;
    }

    private static bool TryReadEventGridEvent(JsonElement item, int index, out InboundEvent? parsed, out string? error)
    {
        parsed = null;
        if (!TryRequiredString(item, "id", index, out var id, out error)
            || !TryRequiredString(item, "eventType", index, out var type, out error)
            || !TryRequiredString(item, "subject", index, out _, out error, allowEmpty: true)
            || !TryRequiredString(item, "eventTime", index, out var timeText, out error)
            || !TryRequiredString(item, "dataVersion", index, out _, out error)
            || !TryCheckId(id!, index, out error))
        {
            return false;
        }

        if (!TryParseTime(timeText!, out var time))
        {
            error = $"Event {index}: eventTime is not a date and time.";
            return false;
        }

        if (!JsonFields.TryGet(item, "data", out var data) || data.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            error = $"Event {index}: data is missing.";
            return false;
        }

        parsed = new InboundEvent(id!, type!, time, data, EventSchema.EventGrid);
        return true;
    }

    private static bool TryReadCloudEvent(JsonElement item, int index, out InboundEvent? parsed, out string? error)
    {
        parsed = null;
        if (!TryRequiredString(item, "specversion", index, out var version, out error)
            || !TryRequiredString(item, "id", index, out var id, out error)
            || !TryRequiredString(item, "type", index, out var type, out error)
            || !TryRequiredString(item, "source", index, out _, out error)
            || !TryCheckId(id!, index, out error))
        {
            return false;
        }

        if (version != "1.0")
        {
            error = $"Event {index}: specversion '{Truncate(version!)}' is not 1.0.";
            return false;
        }

        DateTimeOffset? time = null;
        if (JsonFields.TryGet(item, "time", out var timeElement) && timeElement.ValueKind != JsonValueKind.Null)
        {
            if (timeElement.ValueKind != JsonValueKind.String || !TryParseTime(timeElement.GetString()!, out var parsedTime))
            {
                error = $"Event {index}: time is not a date and time.";
                return false;
            }

            time = parsedTime;
        }

        // data is optional in CloudEvents; the handlers that need it say so.
        JsonFields.TryGet(item, "data", out var data);
        parsed = new InboundEvent(id!, type!, time, data, EventSchema.CloudEvents);
        return true;
    }

    private static bool TryRequiredString(JsonElement item, string name, int index, out string? value, out string? error, bool allowEmpty = false)
    {
        value = null;
        if (!JsonFields.TryGet(item, name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            error = $"Event {index}: {name} is missing.";
            return false;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"Event {index}: {name} must be a string.";
            return false;
        }

        value = element.GetString();
        if (!allowEmpty && string.IsNullOrWhiteSpace(value))
        {
            error = $"Event {index}: {name} is empty.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryCheckId(string id, int index, out string? error)
    {
        error = id.Length > MaxIdLength ? $"Event {index}: id is longer than {MaxIdLength} characters." : null;
        return error is null;
    }

    internal static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string Truncate(string value) => value.Length <= 16 ? value : value[..16];

    private static bool Assign(out IReadOnlyList<InboundEvent> events, IReadOnlyList<InboundEvent> value)
    {
        events = value;
        return true;
    }
}
