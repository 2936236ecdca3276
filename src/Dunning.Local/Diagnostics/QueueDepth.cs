using Azure.Storage.Queues;

namespace Dunning.Local.Diagnostics;

internal static class QueueDepth
{
    /// <summary>Visible and invisible messages together (a failed message waits out its visibility timeout).</summary>
    public static async Task<int> ApproximateAsync(QueueClient queue, CancellationToken cancellationToken) =>
        (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
}
