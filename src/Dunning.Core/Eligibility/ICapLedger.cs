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
    /// Atomically asks <paramref name="decide"/> with the current entries; when it says Send, the job's slot is
    /// (re)claimed at <paramref name="at"/> (one slot per job id, moved rather than duplicated); otherwise a slot
    /// the job held is released. Re-reads and asks again if another writer got there first.
    /// </summary>
    Task<EligibilityDecision> ReserveAsync(
        string lenderId,
        string borrowerId,
        string jobId,
        DateTimeOffset at,
        Func<IReadOnlyList<CapEntry>, EligibilityDecision> decide,
        CancellationToken cancellationToken = default);
}
