using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Borrowers;
using Dunning.Storage.Eligibility;

namespace Dunning.Storage.Borrowers;

/// <summary>
/// Borrowers table. Partition = lender id for borrower rows; partition = lender id + ".phones" for
/// phone-status rows keyed by the phone's HMAC (opt-out and wrong-number are facts about a number).
/// </summary>
public sealed class TableBorrowerDirectory(DunningStorage storage) : IBorrowerDirectory
{
    private readonly TableClient table = storage.Table(PipelineNames.BorrowersTable);

    public static string PhonePartition(string lenderId) => lenderId + ".phones";

    public async Task<Borrower?> GetAsync(string lenderId, string borrowerId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(lenderId, TableKeys.Escape(borrowerId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is not null ? ToBorrower(row.Value) : null;
    }

    public async Task<IReadOnlyList<UpsertResult>> UpsertManyAsync(IReadOnlyList<Borrower> borrowers, CancellationToken cancellationToken = default)
    {
        var stored = new Dictionary<(string LenderId, string RowKey), TableEntity>();
        foreach (var lender in borrowers.GroupBy(b => b.LenderId))
        {
            var rows = await TableKeyReads.ReadAsync<TableEntity>(table, lender.Key, lender.Select(b => TableKeys.Escape(b.BorrowerId)), cancellationToken);
            foreach (var (rowKey, row) in rows)
            {
                stored[(lender.Key, rowKey)] = row;
            }
        }

        var results = new UpsertResult[borrowers.Count];
        var writes = new List<TableEntity>();
        var newPhoneLinks = new List<Borrower>();
        for (var i = 0; i < borrowers.Count; i++)
        {
            var incoming = borrowers[i];
            var existing = stored.TryGetValue((incoming.LenderId, TableKeys.Escape(incoming.BorrowerId)), out var row) ? ToBorrower(row) : null;
            if (existing is not null && existing.SameProfileAs(incoming))
            {
                results[i] = UpsertResult.Unchanged;
                continue;
            }

            results[i] = existing is null ? UpsertResult.Created : UpsertResult.Updated;
            writes.Add(ProfileEntity(incoming));
            if (existing?.PhoneHash != incoming.PhoneHash)
            {
                newPhoneLinks.Add(incoming);
            }
        }

        // Merge, not replace: the payment history counters belong to the payments ingest, which may be
        // incrementing them right now; an upload only ever sets the profile.
        await TableBatches.SubmitAsync(table, writes, e => e.PartitionKey,
            e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e), cancellationToken);
        await LinkPhonesAsync(newPhoneLinks, cancellationToken);
        return results;
    }

    /// <summary>
    /// Numbers seen for the first time (the usual case in an upload) are inserted as whole transactions; a
    /// transaction that meets a number already on file falls back to merging each of its numbers' borrower lists.
    /// </summary>
    private async Task LinkPhonesAsync(IReadOnlyList<Borrower> borrowers, CancellationToken cancellationToken)
    {
        var links = borrowers
            .GroupBy(b => (b.LenderId, b.PhoneHash))
            .Select(g => new PhoneStatus { LenderId = g.Key.LenderId, PhoneHash = g.Key.PhoneHash, BorrowerIds = [.. g.Select(b => b.BorrowerId).Distinct(StringComparer.Ordinal)] })
            .ToList();
        var transactions = links.GroupBy(l => l.LenderId).SelectMany(g => g.Chunk(TableBatches.MaxActions));
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (transaction, ct) =>
        {
            try
            {
                await table.SubmitTransactionAsync(transaction.Select(l => new TableTransactionAction(TableTransactionActionType.Add, PhoneEntity(l))), ct);
            }
            catch (TableTransactionFailedException)
            {
                foreach (var link in transaction)
                {
                    await LinkPhoneAsync(link.LenderId, link.PhoneHash, link.BorrowerIds, ct);
                }
            }
        });
    }

    public async Task<bool> TryUpdateAsync(Borrower borrower, CancellationToken cancellationToken = default)
    {
        var entity = ToEntity(borrower);
        try
        {
            if (borrower.ETag is null)
            {
                throw new ArgumentException("Only a stored borrower (with an ETag) can be updated.", nameof(borrower));
            }

            await table.UpdateEntityAsync(entity, new ETag(borrower.ETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<PhoneStatus?> FindPhoneAsync(string lenderId, string phoneHash, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PhonePartition(lenderId), phoneHash, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is not null ? ToPhoneStatus(lenderId, row.Value) : null;
    }

    public async Task<bool> TrySavePhoneAsync(PhoneStatus status, CancellationToken cancellationToken = default)
    {
        var entity = PhoneEntity(status);
        try
        {
            if (status.ETag is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(status.ETag), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    private async Task LinkPhoneAsync(string lenderId, string phoneHash, IEnumerable<string> borrowerIds, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var status = await FindPhoneAsync(lenderId, phoneHash, cancellationToken)
                ?? new PhoneStatus { LenderId = lenderId, PhoneHash = phoneHash };
            var merged = status.BorrowerIds.Union(borrowerIds, StringComparer.Ordinal).ToList();
            if (merged.Count == status.BorrowerIds.Count && status.ETag is not null)
            {
                return;
            }

            if (await TrySavePhoneAsync(status with { BorrowerIds = merged }, cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException("The phone status row kept changing under concurrent writers.");
    }

    private static TableEntity PhoneEntity(PhoneStatus status) => new(PhonePartition(status.LenderId), status.PhoneHash)
    {
        ["BorrowerIds"] = JsonSerializer.Serialize(status.BorrowerIds),
        ["OptedOut"] = status.OptedOut,
        ["OptedOutAt"] = status.OptedOutAt,
        ["WrongNumber"] = status.WrongNumber,

        // A replace must carry the caps it read (under the same ETag) or it would erase them.
        [TableCapLedger.CapsProperty] = TableCapLedger.Serialize(status.Caps),
        ["PausedUntil"] = status.PausedUntil,
    };

    private static TableEntity ProfileEntity(Borrower borrower)
    {
        var entity = ToEntity(borrower);
        entity.Remove("OnTimePayments");
        entity.Remove("LatePayments");
        entity.Remove("PreferredHour");

        // A merge skips null properties; an empty string is how a cleared segment reaches the stored row.
        entity["Segment"] = borrower.Segment ?? "";
        return entity;
    }

    private static TableEntity ToEntity(Borrower borrower) => new(borrower.LenderId, TableKeys.Escape(borrower.BorrowerId))
    {
        ["BorrowerId"] = borrower.BorrowerId,
        ["Name"] = borrower.Name,
        ["Phone"] = borrower.PhoneE164,
        ["PhoneHash"] = borrower.PhoneHash,
        ["TimeZone"] = borrower.TimeZone,
        ["Language"] = borrower.Language,
        ["Consent"] = borrower.Consent,
        ["Segment"] = borrower.Segment,
        ["OnTimePayments"] = borrower.OnTimePayments,
        ["LatePayments"] = borrower.LatePayments,
        ["PreferredHour"] = borrower.PreferredHour,
    };

    private static Borrower ToBorrower(TableEntity row) => new()
    {
        LenderId = row.PartitionKey,
        BorrowerId = row.GetString("BorrowerId"),
        Name = row.GetString("Name"),
        PhoneE164 = row.GetString("Phone"),
        PhoneHash = row.GetString("PhoneHash"),
        TimeZone = row.GetString("TimeZone"),
        Language = row.GetString("Language"),
        Consent = row.GetBoolean("Consent") ?? false,
        Segment = string.IsNullOrEmpty(row.GetString("Segment")) ? null : row.GetString("Segment"),
        OnTimePayments = row.GetInt32("OnTimePayments") ?? 0,
        LatePayments = row.GetInt32("LatePayments") ?? 0,
        ETag = row.ETag.ToString(),
        PreferredHour = row.GetInt32("PreferredHour"),
    };

    public static PhoneStatus ToPhoneStatus(string lenderId, TableEntity row) => new()
    {
        LenderId = lenderId,
        PhoneHash = row.RowKey,
        BorrowerIds = JsonSerializer.Deserialize<List<string>>(row.GetString("BorrowerIds") ?? "[]") ?? [],
        OptedOut = row.GetBoolean("OptedOut") ?? false,
        OptedOutAt = row.GetDateTimeOffset("OptedOutAt"),
        WrongNumber = row.GetBoolean("WrongNumber") ?? false,
        Caps = TableCapLedger.Deserialize(row.GetString(TableCapLedger.CapsProperty)),
        ETag = row.ETag.ToString(),
        PausedUntil = row.GetDateTimeOffset("PausedUntil"),
    };
}
