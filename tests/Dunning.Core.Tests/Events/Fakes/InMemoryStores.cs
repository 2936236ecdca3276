using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dunning.Core.Borrowers;
using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;

namespace Dunning.Core.Tests.Events.Fakes;

// In-memory ports with real ETag semantics: a stale ETag loses, so the handlers' retry loops are exercised.

internal sealed class InMemorySendLedger : ISendLedger
{
    private readonly ConcurrentDictionary<(string, string), SendRecord> rows = new();
    private readonly ConcurrentDictionary<string, (string, string)> byMessageId = new();
    private int version;

    /// <summary>Forces the next N updates to lose, as if another writer got there first.</summary>
    public int ConflictsToInject { get; set; }

    public IEnumerable<SendRecord> Rows => rows.Values;

    public SendRecord Add(SendRecord record)
    {
        var stored = record with { ETag = NextETag() };
        rows[(record.LenderId, record.JobId)] = stored;
        if (record.MessageId is { } messageId)
        {
            byMessageId[messageId] = (record.LenderId, record.JobId);
        }

        return stored;
    }

    public Task<SendRecord?> TryAddAsync(SendRecord record, CancellationToken cancellationToken = default)
    {
        var added = record with { ETag = NextETag() };
        return Task.FromResult<SendRecord?>(rows.TryAdd((record.LenderId, record.JobId), added) ? added : null);
    }

    public Task<SendRecord?> GetAsync(string lenderId, string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(rows.TryGetValue((lenderId, jobId), out var row) ? row : null);

    public Task<bool> TryUpdateAsync(SendRecord record, CancellationToken cancellationToken = default)
    {
        if (ConflictsToInject > 0)
        {
            ConflictsToInject--;
            var key = (record.LenderId, record.JobId);
            rows[key] = rows[key] with { ETag = NextETag() };
            return Task.FromResult(false);
        }

        lock (rows)
        {
            if (!rows.TryGetValue((record.LenderId, record.JobId), out var current) || current.ETag != record.ETag)
            {
                return Task.FromResult(false);
            }

            if (record is { State: SendState.Sent, MessageId: { } messageId })
            {
                byMessageId[messageId] = (record.LenderId, record.JobId);
            }

            rows[(record.LenderId, record.JobId)] = record with { ETag = NextETag() };
            return Task.FromResult(true);
        }
    }

    public Task IndexMessageIdAsync(string messageId, string lenderId, string jobId, CancellationToken cancellationToken = default)
    {
        byMessageId[messageId] = (lenderId, jobId);
        return Task.CompletedTask;
    }

    public Task<(string LenderId, string JobId)?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken = default) =>
        Task.FromResult<(string, string)?>(byMessageId.TryGetValue(messageId, out var found) ? found : null);

    public async IAsyncEnumerable<SendRecord> QueryAsync(string lenderId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var row in rows.Values.Where(r => r.LenderId == lenderId && r.CreatedAt >= from && r.CreatedAt < to).OrderBy(r => r.JobId, StringComparer.Ordinal))
        {
            yield return row;
        }
    }

    private string NextETag() => "v" + Interlocked.Increment(ref version);
}

internal sealed class InMemoryBorrowerDirectory : IBorrowerDirectory
{
    private readonly ConcurrentDictionary<(string, string), Borrower> borrowers = new();
    private readonly ConcurrentDictionary<(string, string), PhoneStatus> phones = new();
    private int version;

    public PhoneStatus? Phone(string lenderId, string hash) => phones.TryGetValue((lenderId, hash), out var s) ? s : null;

    public void Add(Borrower borrower)
    {
        borrowers[(borrower.LenderId, borrower.BorrowerId)] = borrower;
        var current = Phone(borrower.LenderId, borrower.PhoneHash) ?? new PhoneStatus { LenderId = borrower.LenderId, PhoneHash = borrower.PhoneHash };
        phones[(borrower.LenderId, borrower.PhoneHash)] = current with { BorrowerIds = [.. current.BorrowerIds, borrower.BorrowerId], ETag = "p" + Interlocked.Increment(ref version) };
    }

    public Task<Borrower?> GetAsync(string lenderId, string borrowerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(borrowers.TryGetValue((lenderId, borrowerId), out var b) ? b : null);

    public Task<IReadOnlyList<UpsertResult>> UpsertManyAsync(IReadOnlyList<Borrower> borrowers, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    /// <summary>Replaces the row when it is still the one read (same ETag), as the table's conditional replace does.</summary>
    public Task<bool> TryUpdateAsync(Borrower borrower, CancellationToken cancellationToken = default)
    {
        var key = (borrower.LenderId, borrower.BorrowerId);
        return Task.FromResult(borrowers.TryGetValue(key, out var current) && current.ETag == borrower.ETag
            && borrowers.TryUpdate(key, borrower with { ETag = "b" + Interlocked.Increment(ref version) }, current));
    }

    public Task<PhoneStatus?> FindPhoneAsync(string lenderId, string phoneHash, CancellationToken cancellationToken = default) =>
        Task.FromResult(Phone(lenderId, phoneHash));

    public Task<bool> TrySavePhoneAsync(PhoneStatus status, CancellationToken cancellationToken = default)
    {
        lock (phones)
        {
            var current = Phone(status.LenderId, status.PhoneHash);
            if (status.ETag is not null && current?.ETag != status.ETag)
            {
                return Task.FromResult(false);
            }

            phones[(status.LenderId, status.PhoneHash)] = status with { ETag = "p" + Interlocked.Increment(ref version) };
            return Task.FromResult(true);
        }
    }
}

internal sealed class InMemoryLenderDirectory : ILenderDirectory
{
    private readonly ConcurrentDictionary<string, LenderSettings> lenders = new();

    public int ListCalls { get; private set; }

    public Task<LenderSettings?> FindAsync(string lenderId, CancellationToken cancellationToken = default) =>
        Task.FromResult(lenders.TryGetValue(lenderId, out var s) ? s : null);

    public Task SaveAsync(LenderSettings settings, CancellationToken cancellationToken = default)
    {
        lenders[settings.LenderId] = settings;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListLenderIdsAsync(CancellationToken cancellationToken = default)
    {
        ListCalls++;
        return Task.FromResult<IReadOnlyList<string>>([.. lenders.Keys]);
    }
}

internal sealed class InMemoryInstallmentStore : IInstallmentStore
{
    private readonly ConcurrentDictionary<InstallmentKey, Installment> rows = new();
    private int version;

    public Installment Get(InstallmentKey key) => rows[key];

    public void Add(Installment installment) => rows[installment.Key] = installment with { ETag = "i" + Interlocked.Increment(ref version) };

    public Task<IReadOnlyList<UpsertOutcome>> UpsertScheduleAsync(IReadOnlyList<Installment> installments, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<Installment?> GetAsync(InstallmentKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(rows.TryGetValue(key, out var row) ? row : null);

    public IAsyncEnumerable<Installment> QueryDueAsync(DateOnly dueDate, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> TryUpdateAsync(Installment installment, CancellationToken cancellationToken = default)
    {
        lock (rows)
        {
            if (!rows.TryGetValue(installment.Key, out var current) || current.ETag != installment.ETag)
            {
                return Task.FromResult(false);
            }

            rows[installment.Key] = installment with { ETag = "i" + Interlocked.Increment(ref version) };
            return Task.FromResult(true);
        }
    }
}

internal sealed class RecordingOutbox : IOutbox
{
    public List<OutboxMessage> Messages { get; } = [];

    public Task EnqueueAsync(OutboxMessage message, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        lock (Messages)
        {
            Messages.Add(message);
        }

        return Task.CompletedTask;
    }
}

internal sealed class InMemoryEventLog : IEventLog
{
    private readonly ConcurrentDictionary<string, bool> ids = new();

    public int Count => ids.Count;

    public Task<bool> ContainsAsync(string eventId, CancellationToken cancellationToken = default) => Task.FromResult(ids.ContainsKey(eventId));

    public Task<bool> TryRecordAsync(string eventId, CancellationToken cancellationToken = default) => Task.FromResult(ids.TryAdd(eventId, true));
}

internal sealed class InMemoryFollowUpStore : IFollowUpStore
{
    private readonly ConcurrentDictionary<(string, string), FollowUp> rows = new();
    private int version;

    public IReadOnlyList<FollowUp> All => [.. rows.Values.OrderBy(f => f.Id, StringComparer.Ordinal)];

    public Task<bool> TryCreateAsync(FollowUp followUp, CancellationToken cancellationToken = default) =>
        Task.FromResult(rows.TryAdd((followUp.LenderId, followUp.Id), followUp with { ETag = "f" + Interlocked.Increment(ref version) }));

    public Task<FollowUp?> GetAsync(string lenderId, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(rows.TryGetValue((lenderId, id), out var f) ? f : null);

    public async IAsyncEnumerable<FollowUp> ListAsync(string lenderId, FollowUpStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var f in All.Where(f => f.LenderId == lenderId && (status is null || f.Status == status)))
        {
            yield return f;
        }
    }

    public async IAsyncEnumerable<FollowUp> ListCreatedBetweenAsync(string lenderId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var f in All.Where(f => f.LenderId == lenderId && f.CreatedAt >= from && f.CreatedAt < to))
        {
            yield return f;
        }
    }

    public Task<bool> TryUpdateAsync(FollowUp followUp, CancellationToken cancellationToken = default)
    {
        lock (rows)
        {
            if (!rows.TryGetValue((followUp.LenderId, followUp.Id), out var current) || current.ETag != followUp.ETag)
            {
                return Task.FromResult(false);
            }

            rows[(followUp.LenderId, followUp.Id)] = followUp with { ETag = "f" + Interlocked.Increment(ref version) };
            return Task.FromResult(true);
        }
    }
}
