namespace Dunning.Core.Lenders;

/// <summary>The outcome of presenting a key for a lender's routes: the lender's settings, or the reply refusing it.</summary>
public sealed record LenderAdmission(LenderSettings? Lender, HttpReply? Refusal)
{
    public bool Admitted => Lender is not null && Refusal is null;
}

/// <summary>
/// Guards the lender routes with the lender's own key (x-lender-key) and slows down guessing: after
/// <see cref="FreeFailures"/> wrong keys within <see cref="FailureMemory"/>, every further wrong key blocks the
/// lender's routes for twice as long as the last (from 2 s up to <see cref="MaxBlock"/>), and while blocked no key
/// is even compared. The count lives in a storage row per lender, so it holds however many instances answer.
/// A right key clears the count. Unknown lenders get the same 403 as a wrong key and leave no row behind.
/// </summary>
public sealed class LenderGate(ILenderDirectory lenders, ILenderKeyFailureStore failures, TimeProvider time)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan FailureMemory = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxBlock = TimeSpan.FromMinutes(5);
    private const int MaxConflictRetries = 8;

    public async Task<LenderAdmission> AdmitAsync(string lenderId, string? lenderKey, CancellationToken cancellationToken = default)
    {
        if (!LenderId.IsValid(lenderId))
        {
            return Refused(HttpReply.Problem(400, "The lender id is 2-63 characters of a-z, 0-9 and '-'."));
        }

        var now = time.GetUtcNow();
        var recorded = await failures.GetAsync(lenderId, cancellationToken);
        if (recorded?.BlockedUntil is { } blockedUntil && blockedUntil > now)
        {
            return Refused(TooManyWrongKeys(blockedUntil - now));
        }

        var lender = await lenders.FindAsync(lenderId, cancellationToken);
        if (lender is not null && LenderKeys.Admits(lender, lenderKey))
        {
            if (recorded is { Count: > 0 })
            {
                // Best effort: a conflicting write is another failure being counted, which should stand.
                await failures.TrySaveAsync(recorded with { Count = 0, BlockedUntil = null }, cancellationToken);
            }

            return new LenderAdmission(lender, null);
        }

        if (lender is not null)
        {
            var blocked = await CountFailureAsync(lenderId, recorded, now, cancellationToken);
            if (blocked is { } block)
            {
                return Refused(TooManyWrongKeys(block - now));
            }
        }

        return Refused(HttpReply.Problem(403, $"This route needs the lender's own key in the {LenderKeys.HeaderName} header."));
    }

    /// <summary>The delay after the <paramref name="count"/>-th wrong key in a row; null while still free.</summary>
    public static TimeSpan? BlockAfter(int count)
    {
        if (count <= FreeFailures)
        {
            return null;
        }

        var seconds = Math.Pow(2, Math.Min(count - FreeFailures, 20));
        return seconds >= MaxBlock.TotalSeconds ? MaxBlock : TimeSpan.FromSeconds(seconds);
    }

    private async Task<DateTimeOffset?> CountFailureAsync(string lenderId, LenderKeyFailures? recorded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = recorded;
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var earlier = current is { LastFailureAt: { } last } && now - last < FailureMemory ? current.Count : 0;
            var count = earlier + 1;
            var blockedUntil = BlockAfter(count) is { } block ? now + block : (DateTimeOffset?)null;
            var next = (current ?? new LenderKeyFailures { LenderId = lenderId }) with { Count = count, LastFailureAt = now, BlockedUntil = blockedUntil };
            if (await failures.TrySaveAsync(next, cancellationToken))
            {
                return blockedUntil;
            }

            current = await failures.GetAsync(lenderId, cancellationToken);
        }

        throw new InvalidOperationException($"The key-failure row kept changing ({MaxConflictRetries} attempts).");
    }

    private static LenderAdmission Refused(HttpReply reply) => new(null, reply);

    private static HttpReply TooManyWrongKeys(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return HttpReply.Problem(429, "Too many wrong keys for this lender: wait before trying again.") with
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
    }
}
