using Dunning.Core;
using Dunning.Core.Sending;
using Dunning.Core.Serialization;

namespace Dunning.Storage.Queues;

/// <summary>The sms-outbox queue: plain UTF-8 JSON (QueueJson), optional delay, no expiry.</summary>
public sealed class QueueOutbox(DunningStorage storage) : IOutbox
{
    public async Task EnqueueAsync(OutboxMessage message, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await storage.Queue(PipelineNames.SmsOutboxQueue).SendMessageAsync(
            QueueJson.Serialize(message), QueueMessages.VisibilityDelay(delay), QueueMessages.NeverExpires, cancellationToken);
    }

    public async Task EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        var queue = storage.Queue(PipelineNames.SmsOutboxQueue);
        await Task.WhenAll(OutboxEnvelope.Pack(messages).Select(body =>
            queue.SendMessageAsync(body, visibilityTimeout: null, QueueMessages.NeverExpires, cancellationToken)));
    }
}
