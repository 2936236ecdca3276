using Dunning.Core.Sending.Throughput;

namespace Dunning.Local.Simulation;

/// <summary>Every send gets a permit: for the simulation only, whose clock moves in hours (see SimulationSetup).</summary>
public sealed class UnlimitedSenderPermits : ISenderPermits
{
    public ValueTask<SenderPermit> TryAcquireAsync(string senderId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SenderPermit.Yes);
}
