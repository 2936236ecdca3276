namespace Dunning.Core.Borrowers;

/// <summary>The one way a number's status row is changed: read, change, ETag-checked save, again on a conflict.</summary>
public static class PhoneStatusUpdates
{
    public const int MaxConflictRetries = 8;

    /// <summary>Applies <paramref name="change"/> (null = nothing to change) with ETag retries; returns the stored status.</summary>
    public static async Task<PhoneStatus> UpdatePhoneAsync(
        this IBorrowerDirectory borrowers, string lenderId, string phoneHash, Func<PhoneStatus, PhoneStatus?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var current = await borrowers.FindPhoneAsync(lenderId, phoneHash, cancellationToken)
                ?? new PhoneStatus { LenderId = lenderId, PhoneHash = phoneHash };
            if (change(current) is not { } next)
            {
                return current;
            }

            if (await borrowers.TrySavePhoneAsync(next, cancellationToken))
            {
                return next;
            }
        }

        throw new InvalidOperationException($"The phone status kept changing ({MaxConflictRetries} attempts).");
    }
}
