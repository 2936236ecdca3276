using Dunning.Core.Borrowers;

namespace Dunning.Core.Tests.Fakes;

public sealed class InMemoryBorrowerDirectory : IBorrowerDirectory
{
    private readonly Dictionary<(string, string), Borrower> borrowers = [];
    private readonly Dictionary<(string, string), PhoneStatus> phones = [];
    private int version;

    public IReadOnlyCollection<Borrower> All { get { lock (borrowers) { return [.. borrowers.Values]; } } }

    public Task<Borrower?> GetAsync(string lenderId, string borrowerId, CancellationToken cancellationToken = default)
    {
        lock (borrowers)
        {
            return Task.FromResult(borrowers.GetValueOrDefault((lenderId, borrowerId)));
        }
    }

    public Task<IReadOnlyList<UpsertResult>> UpsertManyAsync(IReadOnlyList<Borrower> incoming, CancellationToken cancellationToken = default)
    {
        lock (borrowers)
        {
            var results = new List<UpsertResult>();
            foreach (var borrower in incoming)
            {
                var key = (borrower.LenderId, borrower.BorrowerId);
                if (borrowers.TryGetValue(key, out var existing) && existing.SameProfileAs(borrower))
                {
                    results.Add(UpsertResult.Unchanged);
                    continue;
                }

                results.Add(existing is null ? UpsertResult.Created : UpsertResult.Updated);
                borrowers[key] = borrower with { ETag = "v" + ++version };
                var phoneKey = (borrower.LenderId, borrower.PhoneHash);
                var status = phones.GetValueOrDefault(phoneKey) ?? new PhoneStatus { LenderId = borrower.LenderId, PhoneHash = borrower.PhoneHash };
                phones[phoneKey] = status with { BorrowerIds = [.. status.BorrowerIds.Union([borrower.BorrowerId])], ETag = "v" + ++version };
            }

            return Task.FromResult<IReadOnlyList<UpsertResult>>(results);
        }
    }

    public Task<bool> TryUpdateAsync(Borrower borrower, CancellationToken cancellationToken = default)
    {
        lock (borrowers)
        {
            var key = (borrower.LenderId, borrower.BorrowerId);
            if (!borrowers.TryGetValue(key, out var existing) || existing.ETag != borrower.ETag)
            {
                return Task.FromResult(false);
            }

            borrowers[key] = borrower with { ETag = "v" + ++version };
            return Task.FromResult(true);
        }
    }

    public Task<PhoneStatus?> FindPhoneAsync(string lenderId, string phoneHash, CancellationToken cancellationToken = default)
    {
        lock (borrowers)
        {
            return Task.FromResult(phones.GetValueOrDefault((lenderId, phoneHash)));
        }
    }

    public Task<bool> TrySavePhoneAsync(PhoneStatus status, CancellationToken cancellationToken = default)
    {
        lock (borrowers)
        {
            var key = (status.LenderId, status.PhoneHash);
            var existing = phones.GetValueOrDefault(key);
            if (existing?.ETag != status.ETag)
            {
                return Task.FromResult(false);
            }

            phones[key] = status with { ETag = "v" + ++version };
            return Task.FromResult(true);
        }
    }
}
