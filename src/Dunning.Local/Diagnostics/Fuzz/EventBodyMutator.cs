using System.Text;
using System.Text.Json.Nodes;
using Dunning.AcsEmulator;
using Dunning.Core.Events;

namespace Dunning.Local.Diagnostics.Fuzz;

/// <summary>An Event Grid body for /api/sms/events, valid or broken in a known way.</summary>
public sealed record FuzzBody(string Mutation, byte[] Content, string ContentType, bool Valid);

/// <summary>
/// Seeded Event Grid bodies: valid delivery reports and inbound messages, and broken ones (wrong JSON types,
/// missing fields, huge arrays, deep nesting, invalid UTF-8, truncation, non-JSON).
/// </summary>
public static class EventBodyMutator
{
    private const string Json = "application/json";

    public static FuzzBody Next(Random random, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(random);
        // The report is for a message no ledger row knows; received more than the not-yet-recorded window ago, so
        // the endpoint acknowledges it (a recent one is answered 503 for Event Grid to retry, which is no crash).
        var reportedAt = now - DeliveryReportProcessor.NotYetRecordedWindow - TimeSpan.FromMinutes(1);
        var valid = random.Next(2) == 0
            ? AcsEventPayloads.DeliveryReport("Outgoing_" + Guid.NewGuid().ToString("N"), "+18005550100", "+8613900000001", random.Next(2) == 0, 1, reportedAt, reportedAt, "fuzz-none:L1:1:T-3")
            : AcsEventPayloads.Received("Incoming_" + Guid.NewGuid().ToString("N"), "+8613900000002", "+18005550199", "HELP", now);
        switch (random.Next(16))
        {
            case 0:
                return Body("valid", new JsonArray(valid), valid: true);
            case 1:
                valid["data"] = "not an object";
                return Body("data-is-a-string", new JsonArray(valid));
            case 2:
                valid["eventType"] = 42;
                return Body("event-type-is-a-number", new JsonArray(valid));
            case 3:
                valid["id"] = new JsonObject { ["nested"] = true };
                return Body("id-is-an-object", new JsonArray(valid));
            case 4:
                valid.Remove(random.Next(3) switch { 0 => "data", 1 => "id", _ => "eventType" });
                return Body("missing-envelope-field", new JsonArray(valid));
            case 5:
                var data = (JsonObject)valid["data"]!;
                data.Remove(data.ContainsKey("deliveryStatus") ? "deliveryStatus" : "from");
                return Body("missing-data-field", new JsonArray(valid));
            case 6:
                ((JsonObject)valid["data"]!)["messageId"] = new JsonArray(1, 2, 3);
                return Body("message-id-is-an-array", new JsonArray(valid));
            case 7:
                return HugeArray(random);
            case 8:
                return DeepNesting(random);
            case 9:
                var text = new JsonArray(valid).ToJsonString();
                return new FuzzBody("truncated", Encoding.UTF8.GetBytes(text[..random.Next(1, text.Length - 1)]), Json, false);
            case 10:
                var utf8 = Encoding.UTF8.GetBytes(new JsonArray(valid).ToJsonString().Replace("HELP", "\u0001\u0001", StringComparison.Ordinal).Replace("Delivered", "\u0001\u0001", StringComparison.Ordinal));
                for (var i = 0; i < utf8.Length; i++)
                {
                    if (utf8[i] == 0x01)
                    {
                        utf8[i] = 0xC3; // a lead byte with no continuation: invalid UTF-8 inside a string
                    }
                }

                return new FuzzBody("invalid-utf8-in-string", utf8, Json, false);
            case 11:
                return new FuzzBody(random.Next(2) == 0 ? "empty" : "whitespace", random.Next(2) == 0 ? [] : "   "u8.ToArray(), Json, false);
            case 12:
                var junk = new byte[random.Next(1, 4096)];
                random.NextBytes(junk);
                return new FuzzBody("random-bytes", junk, Json, false);
            case 13:
                return Body("root-is-not-an-array", random.Next(3) switch { 0 => JsonValue.Create(7), 1 => JsonValue.Create("events"), _ => new JsonObject() });
            case 14:
                return Body("cloudevents-content-type", new JsonArray(valid)) with { ContentType = "application/cloudevents-batch+json" };
            default:
                return Body("array-of-numbers", new JsonArray(1, 2, 3));
        }
    }

    private static FuzzBody HugeArray(Random random)
    {
        var count = random.Next(1_000, 40_000);
        var events = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            events.Add(new JsonObject { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["eventType"] = "Fuzz.Unknown", ["subject"] = "s", ["data"] = new JsonObject(), ["dataVersion"] = "1", ["eventTime"] = "2030-01-01T00:00:00Z" });
        }

        return Body($"huge-array-{(count < 10_000 ? "thousands" : "tens-of-thousands")}", events);
    }

    private static FuzzBody DeepNesting(Random random)
    {
        var depth = random.Next(40, 20_000);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var text = new StringBuilder(depth * 6);
        for (var i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append('1');
        for (var i = 0; i < depth; i++)
        {
            text.Append(close);
        }

        return new FuzzBody("deep-nesting", Encoding.UTF8.GetBytes(text.ToString()), Json, false);
    }

    private static FuzzBody Body(string mutation, JsonNode node, bool valid = false) =>
        new(mutation, Encoding.UTF8.GetBytes(node.ToJsonString()), Json, valid);
}
