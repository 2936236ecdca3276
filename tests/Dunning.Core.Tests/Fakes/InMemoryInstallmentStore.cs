using System.Runtime.CompilerServices;
using Dunning.Core.Installments;

namespace Dunning.Core.Tests.Fakes;

/// <summary>An installment store with ETag semantics, recording which due dates were queried.</summary>
public sealed class InMemoryInstallmentStore : IInstallmentStore
{
    private readonly Dictionary<InstallmentKey, Installment> rows = [];
    private int version;

    public List<DateOnly> QueriedDueDates { get; } = [];

    public IReadOnlyCollection<Installment> All { get { lock (rows) { return [.. rows.Values]; } } }

    public Task<IReadOnlyList<UpsertOutcome>> UpsertScheduleAsync(IReadOnlyList<Installment> installments, CancellationToken cancellationToken = default)
    {
        lock (rows)
        {
            var outcomes = new List<UpsertOutcome>();
            foreach (var incoming in installments)
            {
                if (!rows.TryGetValue(incoming.Key, out var existing))
                {
                    rows[incoming.Key] = incoming with { ETag = NextETag() };
                    outcomes.Add(UpsertOutcome.Created);
                }
                else if (existing.SameScheduleAs(incoming))
                {
                    outcomes.Add(UpsertOutcome.Unchanged);
                }
                else
                {
                    outcomes.Add(existing.DueDate == incoming.DueDate ? UpsertOutcome.Updated : UpsertOutcome.Moved);
                    rows[incoming.Key] = existing with
                    {
                        BorrowerId = incoming.BorrowerId, AmountDue = incoming.AmountDue, DueDate = incoming.DueDate,
                        Consent = incoming.Consent, Segment = incoming.Segment, PayLink = incoming.PayLink,
                        TimeZone = incoming.TimeZone, ETag = NextETag(),
                    };
                }
            }

            return Task.FromResult<IReadOnlyList<UpsertOutcome>>(outcomes);
        }
    }

    public Task<Installment?> GetAsync(InstallmentKey key, CancellationToken cancellationToken = default)
    {
        lock (rows)
        {
            return Task.FromResult(rows.GetValueOrDefault(key));
        }
    }

    public async IAsyncEnumerable<Installment> QueryDueAsync(DateOnly dueDate, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<Installment> due;
        lock (rows)
        {
            QueriedDueDates.Add(dueDate);
            due = [.. rows.Values.Where(r => r.DueDate == dueDate)];
        }

        foreach (var row in due)
        {
            await Task.Yield();
            yield return row;
        }
    }

    public Task<bool> TryUpdateAsync(Installment installment, CancellationToken cancellationToken = default)
    {
        lock (rows)
        {
            if (!rows.TryGetValue(installment.Key, out var existing) || existing.ETag != installment.ETag)
            {
                return Task.FromResult(false);
            }

            rows[installment.Key] = installment with { ETag = NextETag() };
            return Task.FromResult(true);
        }
    }

    public void Put(Installment installment)
    {
        lock (rows)
        {
            rows[installment.Key] = installment with { ETag = NextETag() };
        }
    }

    private string NextETag() => "v" + Interlocked.Increment(ref version);
}
