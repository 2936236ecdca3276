using System.Text.Json.Nodes;

namespace Dunning.Core.Tests.Events.Fakes;

/// <summary>
/// The documented shapes of an SMS event body: Event Grid or CloudEvents schema, data keys in camelCase (the docs'
/// samples) or PascalCase (the REST-spec samples), numbers with or without the leading + (the docs' SMSReceived
/// sample writes "15555555555").
/// </summary>
internal static class PayloadForms
{
    /// <summary>A body holding <paramref name="eventGridEvent"/> in the given form.</summary>
    public static string Body(JsonObject eventGridEvent, EventSchemaForm schema, bool pascalData, bool plus)
    {
        var copy = (JsonObject)eventGridEvent.DeepClone();
        var data = (JsonObject)copy["data"]!;
        if (!plus)
        {
            foreach (var key in new[] { "from", "to" })
            {
                if (data[key] is JsonValue value && value.GetValue<string>() is { } number)
                {
                    data[key] = number.TrimStart('+');
                }
            }
        }

        if (pascalData)
        {
            copy["data"] = Pascal(data);
        }

        return schema == EventSchemaForm.EventGrid ? Payloads.EventGridBatch(copy) : Payloads.CloudEvent(copy);
    }

    private static JsonNode? Pascal(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(char.ToUpperInvariant(p.Key[0]) + p.Key[1..], Pascal(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Pascal)]),
        _ => node?.DeepClone(),
    };
}
