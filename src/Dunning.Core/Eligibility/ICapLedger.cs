using Dunning.Core.Borrowers;

namespace Dunning.Core.Eligibility;

/// <summary>One cap-counted message claimed for a number: the job that claimed it and when.</summary>
public sealed record CapEntry(string JobId, DateTimeOffset SentAt);

/// <summary>
/// Per lender and phone number (its HMAC), the cap-counted messages of the last days: what the caps are counted
/// from. Storage keeps them on the number's status row (<see cref="PhoneStatus.Caps"/>), so a claim is one
/// ETag-checked write that also fails if the number opted out since it was read.
/// </summary>
public interface ICapLedger
{
    Task<IReadOnlyList<CapEntry>> GetAsync(string lenderId, string phoneHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically asks <paramref name="decide"/> with the number's current status; when it says Send, the job's
    /// slot is (re)claimed at <paramref name="at"/> (one slot per job id, moved rather than duplicated); otherwise a
    /// slot the job held is released. Starts from <paramref name="known"/> when the caller has just read the status
    /// (no read when it is still current), and re-reads and asks again if another writer got there first.
    /// </summary>
    Task<EligibilityDecision> ReserveAsync(
        string lenderId,
        string phoneHash,
        string jobId,
        DateTimeOffset at,
        PhoneStatus? known,
        Func<PhoneStatus?, EligibilityDecision> decide,
        CancellationToken cancellationToken = default);

    /// <summary>The same claim deciding on the cap entries alone, from a fresh read.</summary>
    Task<EligibilityDecision> ReserveAsync(
        string lenderId,
        string phoneHash,
        string jobId,
        DateTimeOffset at,
        Func<IReadOnlyList<CapEntry>, EligibilityDecision> decide,
        CancellationToken cancellationToken = default) =>
        ReserveAsync(lenderId, phoneHash, jobId, at, known: null, status => decide(status?.Caps ?? []), cancellationToken);
}
