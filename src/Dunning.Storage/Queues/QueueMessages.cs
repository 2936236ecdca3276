namespace Dunning.Storage.Queues;

internal static class QueueMessages
{
    /// <summary>Azure Storage caps a message's initial invisibility at 7 days; keep a minute of margin.</summary>
    public static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    /// <summary>Never expire: a message deferred for days must still be there when it becomes visible.</summary>
    public static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public static TimeSpan? VisibilityDelay(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? null : delay > MaxVisibilityDelay ? MaxVisibilityDelay : delay;
}
