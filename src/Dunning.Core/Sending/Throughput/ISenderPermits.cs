namespace Dunning.Core.Sending.Throughput;

/// <summary>One send permit, or how long until one is likely: the message waits on the queue that long.</summary>
public readonly record struct SenderPermit(bool Granted, TimeSpan RetryAfter)
{
    public static SenderPermit Yes { get; } = new(true, TimeSpan.Zero);
}

/// <summary>The app-wide per-sender limit, as the code about to call ACS sees it.</summary>
public interface ISenderPermits
{
    ValueTask<SenderPermit> TryAcquireAsync(string senderId, CancellationToken cancellationToken = default);
}
