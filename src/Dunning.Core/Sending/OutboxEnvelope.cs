using System.Text;
using System.Text.Json;
using Dunning.Core.Serialization;

namespace Dunning.Core.Sending;

/// <summary>Several SMS in one sms-outbox queue message: what personalize writes for a batch of jobs.</summary>
public sealed record OutboxBatch(IReadOnlyList<OutboxMessage> Messages);

/// <summary>
/// The sms-outbox wire format. A queue message holds one <see cref="OutboxMessage"/> (a reply, a deferral put
/// back, a message written before batches existed) or an <see cref="OutboxBatch"/> of up to
/// <see cref="MessagesPerQueueMessage"/>. Every queue message is a write, a receive share and a delete; sixteen
/// SMS per message turn two queue requests per SMS into two per sixteen, and keep the queue sixteen times
/// shallower, which matters on Azurite, whose delete costs more the more messages the account holds.
/// </summary>
public static class OutboxEnvelope
{
    public const int MessagesPerQueueMessage = 16;

    /// <summary>
    /// Well under the 64 KiB queue limit. The JSON escapes every non-ASCII character, so its length in characters is
    /// its length in bytes; a message longer than this alone still goes, alone.
    /// </summary>
    public const int MaxQueueMessageLength = 40_000;

    private const string BatchPrefix = "{\"messages\":[";
    private const string BatchSuffix = "]}";

    /// <summary>Queue message bodies for <paramref name="messages"/>, in order, each within the count and length limits.</summary>
    public static IReadOnlyList<string> Pack(IReadOnlyList<OutboxMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var bodies = new List<string>();
        var group = new List<string>(MessagesPerQueueMessage);
        var length = BatchPrefix.Length + BatchSuffix.Length;
        foreach (var json in messages.Select(QueueJson.Serialize))
        {
            if (group.Count > 0 && (group.Count == MessagesPerQueueMessage || length + json.Length + 1 > MaxQueueMessageLength))
            {
                bodies.Add(Join(group));
                group.Clear();
                length = BatchPrefix.Length + BatchSuffix.Length;
            }

            group.Add(json);
            length += json.Length + 1;
        }

        if (group.Count > 0)
        {
            bodies.Add(Join(group));
        }

        return bodies;
    }

    /// <summary>The SMS a queue message carries, whichever shape it has. A body that is neither throws, so it is retried and poisoned.</summary>
    public static IReadOnlyList<OutboxMessage> Read(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("messages", out _))
        {
            var batch = document.RootElement.Deserialize<OutboxBatch>(QueueJson.Options) ?? throw new JsonException("Empty sms-outbox batch.");
            return batch.Messages.Count > 0 ? batch.Messages : throw new JsonException("An sms-outbox batch with no messages.");
        }

        return [document.RootElement.Deserialize<OutboxMessage>(QueueJson.Options) ?? throw new JsonException("Empty sms-outbox message.")];
    }

    // A lone message keeps the single shape, which every consumer has always read.
    private static string Join(List<string> group) =>
        group.Count == 1 ? group[0] : new StringBuilder(BatchPrefix).AppendJoin(',', group).Append(BatchSuffix).ToString();
}
