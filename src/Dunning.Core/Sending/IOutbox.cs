namespace Dunning.Core.Sending;

/// <summary>The sms-outbox queue.</summary>
public interface IOutbox
{
    Task EnqueueAsync(OutboxMessage message, TimeSpan delay = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Messages ready now. The queue packs them several to a queue message (<see cref="OutboxEnvelope"/>); an
    /// outbox that cannot pack enqueues them one by one, which is equally correct.
    /// </summary>
    async Task EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            await EnqueueAsync(message, cancellationToken: cancellationToken);
        }
    }
}
