namespace Dunning.Local.Pipeline;

/// <summary>
/// Whether a queue can have anything to receive, from what the pipeline itself put on it: under a virtual clock
/// every message comes through the pipeline's own IJobQueue or IOutbox, so a queue found empty stays empty until
/// the next enqueue. A delivery that failed comes back after its visibility timeout, so after any failure the
/// queue is always asked.
/// </summary>
internal sealed class QueueWatch(QueuePump pump, Func<long?> enqueued)
{
    private long? seenEmptyAfter;

    public bool MayHaveMessages => pump.Failed > 0 || enqueued() is not { } count || count != seenEmptyAfter;

    public async Task<int> DrainAsync(bool skipIdle, CancellationToken cancellationToken)
    {
        if (skipIdle && !MayHaveMessages)
        {
            return 0;
        }

        // Whatever was enqueued before the drain is received by it; what arrives during it leaves the queue marked.
        var before = enqueued();
        // A short batch means nothing more was visible when it was received; what the pipeline enqueued since moves the
        // count, so the queue is asked again next round either way.
        var drained = await pump.DrainAsync(cancellationToken, stopAfterShortBatch: skipIdle && pump.Failed == 0);
        seenEmptyAfter = before;
        return drained;
    }
}
