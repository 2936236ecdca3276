using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Dunning.Core;

namespace Dunning.Local.Diagnostics.Bench;

/// <summary>
/// A raw replay's stand-in for the pipeline's queues: a send, a receive of a batch, or a delete of one message it
/// received, with small bodies (a queue request's body is not in the counted path).
/// </summary>
internal sealed class ScratchQueue(QueueClient queue)
{
    private readonly ConcurrentQueue<QueueMessage> receipts = new();

    /// <summary>Replays one queue request by its HTTP method; a method the pipeline does not use does nothing.</summary>
    public async Task ReplayAsync(string method, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case "POST":
                await queue.SendMessageAsync("raw", cancellationToken);
                break;
            case "GET":
                foreach (var message in (await queue.ReceiveMessagesAsync(PipelineNames.JobsPerMessage, TimeSpan.FromMinutes(5), cancellationToken)).Value)
                {
                    receipts.Enqueue(message);
                }

                break;
            case "DELETE":
                if (receipts.TryDequeue(out var received))
                {
                    await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken);
                }

                break;
        }
    }
}
