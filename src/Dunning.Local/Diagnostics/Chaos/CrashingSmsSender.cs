using Dunning.Core.Sending;

namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>
/// SendSms calls the sender only after the ledger row says Sending; throwing here, before the inner sender runs,
/// is a worker dying between the ledger write and the ACS call. The queue redelivers the message.
/// </summary>
public sealed class CrashingSmsSender(ISmsSender inner, double crashFraction, int seed) : ISmsSender
{
    private readonly Random random = new(seed);
    private readonly Lock randomLock = new();
    private int crashes;

    public int Crashes => Volatile.Read(ref crashes);

    public Task<SmsSendResult> SendAsync(SmsSendRequest request, CancellationToken cancellationToken = default)
    {
        bool crash;
        lock (randomLock)
        {
            crash = random.NextDouble() < crashFraction;
        }

        if (crash)
        {
            Interlocked.Increment(ref crashes);
            throw new SimulatedCrashException();
        }

        return inner.SendAsync(request, cancellationToken);
    }
}

public sealed class SimulatedCrashException() : Exception("Injected crash between the ledger write and the send.");
