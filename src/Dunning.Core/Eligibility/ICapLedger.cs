namespace Dunning.Core.Eligibility;

/// <summary>One cap-counted message claimed for a borrower: the job that claimed it and when.</summary>
public sealed record CapEntry(string JobId, DateTimeOffset SentAt);

/// <summary>
/// Per borrower and lender, the cap-counted messages of the last days: what the caps are counted from.
/// Storage keeps it in one row per borrower, so a claim is one ETag-checked write.
/// </summary>
public interface ICapLedger
{
    Task<IReadOnlyList<CapEntry>> GetAsync(string lenderId, string borrowerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically: if <paramref name="jobId"/> already holds a slot, returns Send without asking; otherwise asks
    /// <paramref name="decide"/> with the current entries and, when it says Send, adds (jobId, at) — re-reading and
    /// asking again if another writer got there first. Returns what <paramref name="decide"/> said last.
    /// </summary>
    Task<EligibilityDecision> ReserveAsync(
        string lenderId,
        string borrowerId,
        string jobId,
        DateTimeOffset at,
        Func<IReadOnlyList<CapEntry>, EligibilityDecision> decide,
        CancellationToken cancellationToken = default);
}
