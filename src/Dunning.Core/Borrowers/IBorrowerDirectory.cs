namespace Dunning.Core.Borrowers;

public interface IBorrowerDirectory
{
    Task<Borrower?> GetAsync(string lenderId, string borrowerId, CancellationToken cancellationToken = default);

    /// <summary>Stores borrowers and links each phone hash to its borrower; returns whether each row changed.</summary>
    Task<IReadOnlyList<UpsertResult>> UpsertManyAsync(IReadOnlyList<Borrower> borrowers, CancellationToken cancellationToken = default);

    Task<bool> TryUpdateAsync(Borrower borrower, CancellationToken cancellationToken = default);

    Task<PhoneStatus?> FindPhoneAsync(string lenderId, string phoneHash, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the phone status (ETag-checked when the status carries one).</summary>
    Task<bool> TrySavePhoneAsync(PhoneStatus status, CancellationToken cancellationToken = default);
}

public enum UpsertResult
{
    Created,
    Updated,
    Unchanged,
}
