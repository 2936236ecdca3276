namespace Dunning.Core.Sending;

/// <summary>The sms-outbox queue.</summary>
public interface IOutbox
{
    Task EnqueueAsync(OutboxMessage message, TimeSpan delay = default, CancellationToken cancellationToken = default);
}
