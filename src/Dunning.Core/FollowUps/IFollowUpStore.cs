namespace Dunning.Core.FollowUps;

/// <summary>The FollowUps table: partition = lender id, row = follow-up id.</summary>
public interface IFollowUpStore
{
    /// <summary>Inserts the follow-up unless its id exists; false when it already did (a redelivered event).</summary>
    Task<bool> TryCreateAsync(FollowUp followUp, CancellationToken cancellationToken = default);

    Task<FollowUp?> GetAsync(string lenderId, string id, CancellationToken cancellationToken = default);

    /// <summary>One lender's follow-ups in id (creation) order, optionally only those with <paramref name="status"/>.</summary>
    IAsyncEnumerable<FollowUp> ListAsync(string lenderId, FollowUpStatus? status, CancellationToken cancellationToken = default);

    /// <summary>One lender's follow-ups created in [from, to), read by row-key range (ids sort by creation time).</summary>
    IAsyncEnumerable<FollowUp> ListCreatedBetweenAsync(string lenderId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>ETag-checked replace; false when another writer got there first.</summary>
    Task<bool> TryUpdateAsync(FollowUp followUp, CancellationToken cancellationToken = default);
}
