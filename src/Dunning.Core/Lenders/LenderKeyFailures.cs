namespace Dunning.Core.Lenders;

/// <summary>
/// Wrong keys lately presented for one lender, kept in storage (not in a process) so every instance of the app
/// sees the same count and the same block.
/// </summary>
public sealed record LenderKeyFailures
{
    public required string LenderId { get; init; }
    public int Count { get; init; }
    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>No key, right or wrong, is tried for this lender before then.</summary>
    public DateTimeOffset? BlockedUntil { get; init; }

    /// <summary>Storage concurrency token; null for a row not yet stored.</summary>
    public string? ETag { get; init; }
}

/// <summary>One row per lender; writes are conditional so two instances counting at once both count.</summary>
public interface ILenderKeyFailureStore
{
    Task<LenderKeyFailures?> GetAsync(string lenderId, CancellationToken cancellationToken = default);

    /// <summary>Inserts (no ETag) or replaces (ETag-checked); false when another writer got there first.</summary>
    Task<bool> TrySaveAsync(LenderKeyFailures failures, CancellationToken cancellationToken = default);
}
