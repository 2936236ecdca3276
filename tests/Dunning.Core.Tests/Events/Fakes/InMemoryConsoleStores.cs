using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;

namespace Dunning.Core.Tests.Events.Fakes;

/// <summary>Wrong-key rows with ETags like the table's: one store shared by several gates is several instances sharing storage.</summary>
internal sealed class InMemoryLenderKeyFailures : ILenderKeyFailureStore
{
    private readonly ConcurrentDictionary<string, LenderKeyFailures> rows = new(StringComparer.Ordinal);
    private int version;

    public int Writes { get; private set; }

    public Task<LenderKeyFailures?> GetAsync(string lenderId, CancellationToken cancellationToken = default) =>
        Task.FromResult(rows.TryGetValue(lenderId, out var row) ? row : null);

    public Task<bool> TrySaveAsync(LenderKeyFailures failures, CancellationToken cancellationToken = default)
    {
        lock (rows)
        {
            var exists = rows.TryGetValue(failures.LenderId, out var current);
            if (failures.ETag is null ? exists : !exists || current!.ETag != failures.ETag)
            {
                return Task.FromResult(false);
            }

            rows[failures.LenderId] = failures with { ETag = "k" + Interlocked.Increment(ref version) };
            Writes++;
            return Task.FromResult(true);
        }
    }
}

/// <summary>Loans of the harness's installments, added by the test.</summary>
internal sealed class InMemoryLoanIndex : ILoanIndex
{
    private readonly List<InstallmentKey> keys = [];

    public void Add(InstallmentKey key) => keys.Add(key);

    public async IAsyncEnumerable<InstallmentKey> ListAsync(string lenderId, string loanId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var key in keys.Where(k => k.LenderId == lenderId && k.LoanId == loanId).OrderBy(k => k.InstallmentNo))
        {
            yield return key;
        }
    }
}
