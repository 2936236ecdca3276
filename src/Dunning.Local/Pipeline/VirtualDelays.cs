using Dunning.Core.Jobs;
using Dunning.Core.Sending;

namespace Dunning.Local.Pipeline;

/// <summary>
/// Under a virtual clock, a queue's visibility delay would run on real time and a message deferred to
/// tomorrow morning would not come back until the real tomorrow. These decorators hold delayed messages
/// until the virtual clock reaches them, then hand them to the real queue with no delay.
/// </summary>
public sealed class VirtualDelays(TimeProvider time)
{
    private readonly PriorityQueue<Func<CancellationToken, Task>, DateTimeOffset> held = new();

    public int Held { get { lock (held) { return held.Count; } } }

    /// <summary>Messages the pipeline has put on reminder-jobs so far (directly or on release): a pump with nothing new to find need not ask.</summary>
    public long JobsEnqueued => Interlocked.Read(ref jobsEnqueued);

    /// <summary>The same for sms-outbox.</summary>
    public long OutboxEnqueued => Interlocked.Read(ref outboxEnqueued);

    private long jobsEnqueued;
    private long outboxEnqueued;

    internal void CountJobs() => Interlocked.Increment(ref jobsEnqueued);

    internal void CountOutbox() => Interlocked.Increment(ref outboxEnqueued);

    public void Hold(TimeSpan delay, Func<CancellationToken, Task> send)
    {
        lock (held)
        {
            held.Enqueue(send, time.GetUtcNow() + delay);
        }
    }

    /// <summary>Sends every held message whose time has come; returns how many.</summary>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        var due = new List<Func<CancellationToken, Task>>();
        lock (held)
        {
            var now = time.GetUtcNow();
            while (held.TryPeek(out var send, out var at) && at <= now)
            {
                held.Dequeue();
                due.Add(send);
            }
        }

        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (send, ct) => await send(ct));
        return due.Count;
    }

    /// <summary>When the next held message is due, if any.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (held)
        {
            return held.TryPeek(out _, out var at) ? at : null;
        }
    }
}

public sealed class VirtualDelayJobQueue(IJobQueue inner, VirtualDelays delays) : IJobQueue
{
    public Task EnqueueAsync(ReminderJobBatch batch, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        if (delay <= TimeSpan.Zero)
        {
            return SendAsync(cancellationToken);
        }

        delays.Hold(delay, SendAsync);
        return Task.CompletedTask;

        async Task SendAsync(CancellationToken ct)
        {
            await inner.EnqueueAsync(batch, TimeSpan.Zero, ct);
            delays.CountJobs();
        }
    }
}

public sealed class VirtualDelayOutbox(IOutbox inner, VirtualDelays delays) : IOutbox
{
    public Task EnqueueAsync(OutboxMessage message, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        if (delay <= TimeSpan.Zero)
        {
            return SendAsync(cancellationToken);
        }

        delays.Hold(delay, SendAsync);
        return Task.CompletedTask;

        async Task SendAsync(CancellationToken ct)
        {
            await inner.EnqueueAsync(message, TimeSpan.Zero, ct);
            delays.CountOutbox();
        }
    }

    public async Task EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        await inner.EnqueueManyAsync(messages, cancellationToken);
        delays.CountOutbox();
    }
}
