using Dunning.Core.Lenders;

namespace Dunning.Core.Events;

/// <summary>
/// Which lenders send from a sender id (the number a borrower replied to). Built from every lender's
/// <see cref="LenderSettings.SenderIds"/> and cached; a miss reloads, at most once per <see cref="MissReloadInterval"/>,
/// so a newly configured lender is picked up without a restart. Configured ids and looked-up ids are both read through
/// <see cref="InboundNumbers.SenderId"/>, so "18005550100" from an event finds a lender configured with "+18005550100".
/// Register as a singleton.
/// </summary>
public sealed class SenderIdLenderIndex(ILenderDirectory lenders, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MissReloadInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim gate = new(1, 1);
    private Snapshot? snapshot;

    /// <summary>The lenders that send from <paramref name="senderId"/>, ordered by lender id.</summary>
    public async Task<IReadOnlyList<LenderSettings>> FindAsync(string senderId, CancellationToken cancellationToken = default)
    {
        senderId = InboundNumbers.SenderId(senderId);
        var now = time.GetUtcNow();
        var current = snapshot;
        if (current is null || now - current.LoadedAt > MaxAge
            || (!current.BySender.ContainsKey(senderId) && now - current.LoadedAt > MissReloadInterval))
        {
            current = await ReloadAsync(current, now, cancellationToken);
        }

        return current.BySender.TryGetValue(senderId, out var found) ? found : [];
    }

    private async Task<Snapshot> ReloadAsync(Snapshot? seen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (snapshot is not null && !ReferenceEquals(snapshot, seen))
            {
                return snapshot;
            }

            var bySender = new Dictionary<string, List<LenderSettings>>(StringComparer.OrdinalIgnoreCase);
            foreach (var lenderId in (await lenders.ListLenderIdsAsync(cancellationToken)).Order(StringComparer.Ordinal))
            {
                if (await lenders.FindAsync(lenderId, cancellationToken) is not { } settings)
                {
                    continue;
                }

                foreach (var senderId in settings.SenderIds.Select(InboundNumbers.SenderId).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!bySender.TryGetValue(senderId, out var list))
                    {
                        bySender[senderId] = list = [];
                    }

                    list.Add(settings);
                }
            }

            snapshot = new Snapshot(now, bySender.ToDictionary(p => p.Key, p => (IReadOnlyList<LenderSettings>)p.Value, StringComparer.OrdinalIgnoreCase));
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyDictionary<string, IReadOnlyList<LenderSettings>> BySender);
}
