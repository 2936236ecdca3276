using Dunning.Core.Jobs;

namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>Every reminder-jobs message is enqueued twice: the scan's, the deferrals' and the thank-yous'.</summary>
public sealed class DuplicatingJobQueue(IJobQueue inner) : IJobQueue
{
    public async Task EnqueueAsync(ReminderJobBatch batch, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        await inner.EnqueueAsync(batch, delay, cancellationToken);
        await inner.EnqueueAsync(batch, delay, cancellationToken);
    }
}
