using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Dunning.Core;
using Microsoft.Extensions.Logging;

namespace Dunning.Local.Pipeline;

/// <summary>
/// What the Functions host does for a queue trigger, on Azurite: receive a batch, run the handler per
/// message, delete on success, leave it for redelivery on failure, and move it to "-poison" after
/// <see cref="PipelineNames.MaxDequeueCount"/> attempts. The simulation calls <see cref="PumpOnceAsync"/> directly.
/// </summary>
public sealed partial class QueuePump(
    QueueClient queue,
    QueueClient poisonQueue,
    Func<QueueMessage, CancellationToken, Task> handle,
    ILogger logger,
    Func<QueueMessage, CancellationToken, Task>? onPoisoned = null,
    TimeSpan? visibilityTimeout = null)
{
    public const int BatchSize = 32;

    public string QueueName => queue.Name;

    public long Handled => Interlocked.Read(ref handled);

    public long Poisoned => Interlocked.Read(ref poisoned);

    /// <summary>Deliveries whose handler threw: they come back after the visibility timeout.</summary>
    public long Failed => Interlocked.Read(ref failed);

    /// <summary>Messages received and not yet finished: what a host killed now would leave for the visibility timeout.</summary>
    public long InFlight => Interlocked.Read(ref inFlight);

    private long handled;
    private long poisoned;
    private long failed;
    private long inFlight;

    /// <summary>Handles one batch; returns how many messages it received.</summary>
    public async Task<int> PumpOnceAsync(CancellationToken cancellationToken)
    {
        var received = await queue.ReceiveMessagesAsync(BatchSize, visibilityTimeout ?? TimeSpan.FromSeconds(30), cancellationToken);
        var messages = received.Value;
        if (messages.Length == 0)
        {
            return 0;
        }

        Interlocked.Add(ref inFlight, messages.Length);
        try
        {
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (message, ct) => await HandleOneAsync(message, ct));
        }
        finally
        {
            Interlocked.Add(ref inFlight, -messages.Length);
        }

        return messages.Length;
    }

    /// <summary>Pumps until the queue shows nothing visible.</summary>
    /// <param name="stopAfterShortBatch">
    /// Stop after a batch smaller than <see cref="BatchSize"/> instead of asking once more: right for a caller that
    /// learns of every later enqueue by other means (<see cref="QueueWatch"/>), for which the last, empty receive is wasted.
    /// </param>
    public async Task<int> DrainAsync(CancellationToken cancellationToken, bool stopAfterShortBatch = false)
    {
        var total = 0;
        while (await PumpOnceAsync(cancellationToken) is var count and > 0)
        {
            total += count;
            if (stopAfterShortBatch && count < BatchSize)
            {
                break;
            }
        }

        return total;
    }

    private async Task HandleOneAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await handle(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref failed);
            LogHandlerFailed(queue.Name, message.MessageId, message.DequeueCount, e.GetType().Name);
            if (message.DequeueCount >= PipelineNames.MaxDequeueCount)
            {
                await PoisonAsync(message, cancellationToken);
            }

            // Otherwise it stays on the queue and becomes visible again after the visibility timeout, as with the host.
            return;
        }

        await DeleteAsync(message, cancellationToken);
        Interlocked.Increment(ref handled);
    }

    /// <summary>
    /// Acknowledges the message. When handling outlasted its visibility timeout, another consumer may have received
    /// it since (its pop receipt is no longer ours, or it is gone): the handlers are idempotent, so the other
    /// delivery finishes or finds the work done, and this one is not a failure. The Functions host does the same.
    /// </summary>
    private async Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404 || (e.Status == 400 && e.ErrorCode == "PopReceiptMismatch"))
        {
            LogVisibilityLapsed(queue.Name, message.MessageId);
        }
    }

    private async Task PoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await poisonQueue.SendMessageAsync(message.MessageText, cancellationToken);
        await DeleteAsync(message, cancellationToken);
        Interlocked.Increment(ref poisoned);
        LogPoisoned(queue.Name, message.MessageId);
        if (onPoisoned is not null)
        {
            await onPoisoned(message, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Moved message {MessageId} of {Queue} to its poison queue")]
    private partial void LogPoisoned(string queue, string messageId);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Message {MessageId} of {Queue} outlasted its visibility timeout and was received again; the other delivery owns it now")]
    private partial void LogVisibilityLapsed(string queue, string messageId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Handler for {Queue} failed on message {MessageId} (attempt {DequeueCount}): {ErrorType}")]
    private partial void LogHandlerFailed(string queue, string messageId, long dequeueCount, string errorType);
}
