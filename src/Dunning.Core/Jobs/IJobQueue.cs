namespace Dunning.Core.Jobs;

/// <summary>The reminder-jobs queue. A delay makes the message invisible until then (deferrals).</summary>
public interface IJobQueue
{
    Task EnqueueAsync(ReminderJobBatch batch, TimeSpan delay = default, CancellationToken cancellationToken = default);
}
