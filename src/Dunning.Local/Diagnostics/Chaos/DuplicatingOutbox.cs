using System.Collections.Concurrent;
using Dunning.Core.Sending;

namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>
/// Every sms-outbox message is enqueued twice, as a queue that delivers at least once may deliver it. It also
/// remembers what it enqueued, so the chaos driver knows which jobs sit in the outbox right now. A job is doubled
/// once: a job waiting on its sender's limit is put back many times, and doubling every return would double its
/// copies each time (2^n), which is not what a queue does.
/// </summary>
public sealed class DuplicatingOutbox(IOutbox inner) : IOutbox
{
    private readonly ConcurrentQueue<OutboxMessage> enqueued = new();
    private readonly ConcurrentDictionary<string, bool> doubled = new(StringComparer.Ordinal);
    private int duplicates;

    /// <summary>How many extra copies were enqueued.</summary>
    public int Duplicates => Volatile.Read(ref duplicates);

    public async Task EnqueueAsync(OutboxMessage message, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        await inner.EnqueueAsync(message, delay, cancellationToken);
        if (doubled.TryAdd(message.JobId, true))
        {
            await inner.EnqueueAsync(message, delay, cancellationToken);
            Interlocked.Increment(ref duplicates);
        }

        enqueued.Enqueue(message);
    }

    public async Task EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        await inner.EnqueueManyAsync(messages, cancellationToken);
        await inner.EnqueueManyAsync(messages, cancellationToken);
        Interlocked.Add(ref duplicates, messages.Count);
        foreach (var message in messages)
        {
            doubled.TryAdd(message.JobId, true);
            enqueued.Enqueue(message);
        }
    }

    /// <summary>Messages enqueued since the last call.</summary>
    public IReadOnlyList<OutboxMessage> TakeEnqueued()
    {
        var taken = new List<OutboxMessage>();
        while (enqueued.TryDequeue(out var message))
        {
            taken.Add(message);
        }

        return taken;
    }
}
