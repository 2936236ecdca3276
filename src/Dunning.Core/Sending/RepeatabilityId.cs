using UUIDNext;

namespace Dunning.Core.Sending;

/// <summary>
/// The ACS repeatability id of a job: a name-based (v5, SHA-1) UUID of the job id, so every retry, redelivery or
/// crash recovery of the same job presents the same id and ACS deduplicates the send.
/// </summary>
public static class RepeatabilityId
{
    /// <summary>Fixed for the life of the system: changing it would make ACS treat every in-flight job as new.</summary>
    public static readonly Guid DunningNamespace = new("5b0c7f3e-2d41-4f6a-9c1e-8a7d2b6e4f10");

    public static Guid For(string jobId) => Uuid.NewNameBased(DunningNamespace, jobId);
}
