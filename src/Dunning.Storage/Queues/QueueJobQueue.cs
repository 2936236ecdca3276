using Dunning.Core;
using Dunning.Core.Jobs;
using Dunning.Core.Serialization;

namespace Dunning.Storage.Queues;

/// <summary>The reminder-jobs queue: plain UTF-8 JSON (QueueJson), optional delay, no expiry.</summary>
public sealed class QueueJobQueue(DunningStorage storage) : IJobQueue
{
    public async Task EnqueueAsync(ReminderJobBatch batch, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await storage.Queue(PipelineNames.ReminderJobsQueue).SendMessageAsync(
            QueueJson.Serialize(batch), QueueMessages.VisibilityDelay(delay), QueueMessages.NeverExpires, cancellationToken);
    }
}
