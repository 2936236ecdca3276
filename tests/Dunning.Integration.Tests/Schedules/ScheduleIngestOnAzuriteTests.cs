using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Privacy;
using Dunning.Core.Schedules;
using Dunning.Storage;
using Dunning.Storage.Borrowers;
using Dunning.Storage.Installments;
using Dunning.Storage.Lenders;
using Dunning.Storage.Schedules;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dunning.Integration.Tests.Schedules;

[Collection(AzuriteCollection.Name)]
public sealed class ScheduleIngestOnAzuriteTests(AzuriteFixture azurite)
{
    private const string Header = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent";
    private readonly string lenderId = "it-" + Guid.NewGuid().ToString("N")[..12];
    private readonly InstallmentPartitions partitions = new();

    private async Task<(IngestScheduleHandler Handler, TableInstallmentStore Store, TableBorrowerDirectory Borrowers)> ArrangeAsync(DunningStorage? storage = null)
    {
        storage ??= azurite.Storage;
        var lenders = new TableLenderDirectory(storage, TimeProvider.System);
        await lenders.SaveAsync(LenderSettings.DefaultFor(lenderId));
        var store = new TableInstallmentStore(storage, partitions);
        var borrowers = new TableBorrowerDirectory(storage);
        var handler = new IngestScheduleHandler(lenders, store, borrowers, new BlobIngestResultStore(storage),
            new HmacPhoneHasher("integration-secret-123"), NullLogger<IngestScheduleHandler>.Instance);
        return (handler, store, borrowers);
    }

    /// <summary>The handler on a storage client whose every request passes through <paramref name="policy"/>.</summary>
    private Task<(IngestScheduleHandler Handler, TableInstallmentStore Store, TableBorrowerDirectory Borrowers)> ArrangeBehindAsync(HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return ArrangeAsync(new DunningStorage(azurite.ConnectionString, options));
    }

    private static MemoryStream Csv(params string[] rows) => new(Encoding.UTF8.GetBytes(Header + "\r\n" + string.Join("\r\n", rows)));

    private static string Row(string loan, string due, string name = "李娜", string phone = "+8613912345678") =>
        $"{loan},1,B-{loan},{name},{phone},Asia/Shanghai,zh-CN,500.00,CNY,{due},true";

    [Fact]
    public async Task Ingest_StoresRowsInTheirDueDatePartitionAndWritesTheReport()
    {
        var (handler, store, borrowers) = await ArrangeAsync();

        var summary = await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L/1", "2026-12-01"), Row("L2", "not-a-date")));

        Assert.Equal((1, 1), (summary.Stored, summary.Rejected));
        var stored = await store.GetAsync(new InstallmentKey(lenderId, "L/1", 1));
        Assert.Equal(500.00m, stored!.AmountDue.Amount);
        var raw = azurite.Storage.Table(PipelineNames.InstallmentsTable);
        var partition = partitions.PartitionKeyFor(new DateOnly(2026, 12, 1), lenderId, "L/1");
        Assert.StartsWith("20261201-", partition);
        Assert.Single(raw.Query<TableEntity>(e => e.PartitionKey == partition && e.RowKey.CompareTo(lenderId + "|") > 0 && e.RowKey.CompareTo(lenderId + "}") < 0));
        Assert.Equal("+8613912345678", (await borrowers.GetAsync(lenderId, "B-L/1"))!.PhoneE164);

        var report = azurite.Storage.Container(PipelineNames.ResultsContainer).GetBlobClient($"{lenderId}/schedule/book.csv.errors.csv");
        var text = (await report.DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("3,due_date,", text);
    }

    [Fact]
    public async Task Ingest_ExcelStyleFileWithHugeIgnoredValueLowerCaseZoneAndEmptyZone_StoresCanonicalZoneAndReportsTheEmptyOne()
    {
        var (handler, store, borrowers) = await ArrangeAsync();
        var csv = " Loan_ID ," + Header[8..] + ",Notes\r\n" +
                  "L1,1,B-L1,李娜,+8613912345678,asia/shanghai,zh-CN,\"500.00\",CNY,2026-12-01,true," + new string('n', 10_000) + "\r\n" +
                  "L2,1,B-L2,李娜,+8613912345679,,zh-CN,500.00,CNY,2026-12-01,true,\r\n\r\n";

        var summary = await handler.HandleAsync(lenderId, "excel.csv", new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]));

        Assert.Equal((2, 1, 1), (summary.RowsRead, summary.Stored, summary.Rejected));
        Assert.Equal("Asia/Shanghai", (await store.GetAsync(new InstallmentKey(lenderId, "L1", 1)))!.TimeZone);
        Assert.Equal("Asia/Shanghai", (await borrowers.GetAsync(lenderId, "B-L1"))!.TimeZone);
        var report = azurite.Storage.Container(PipelineNames.ResultsContainer).GetBlobClient($"{lenderId}/schedule/excel.csv.errors.csv");
        Assert.Contains("3,time_zone,time_zone is required", (await report.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task Reupload_SameFile_ChangesNothing()
    {
        var (handler, _, _) = await ArrangeAsync();
        await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01"), Row("L2", "2026-12-02")));

        var again = await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01"), Row("L2", "2026-12-02")));

        Assert.Equal((0, 2, 0), (again.Stored, again.Unchanged, again.Rejected));
    }

    [Fact]
    public async Task Reupload_WithMovedDueDate_MovesTheInstallmentOutOfItsOldPartition()
    {
        var (handler, store, _) = await ArrangeAsync();
        await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01")));

        await handler.HandleAsync(lenderId, "book-v2.csv", Csv(Row("L1", "2026-12-09")));

        var oldDue = await Collect(store.QueryDueAsync(new DateOnly(2026, 12, 1)));
        var newDue = await Collect(store.QueryDueAsync(new DateOnly(2026, 12, 9)));
        Assert.DoesNotContain(oldDue, i => i.LenderId == lenderId);
        Assert.Single(newDue, i => i.LenderId == lenderId);
        Assert.Equal(new DateOnly(2026, 12, 9), (await store.GetAsync(new InstallmentKey(lenderId, "L1", 1)))!.DueDate);
    }

    [Fact]
    public async Task Reupload_OfAFewRowsSpreadAcrossAManyRowIndex_IsStillRecognisedAsUnchanged()
    {
        var (handler, _, _) = await ArrangeAsync();
        await handler.HandleAsync(lenderId, "book.csv", Csv([.. Enumerable.Range(0, 20).Select(n => Row($"L{n:D2}", "2026-12-01"))]));

        // Two keys far apart: the index range between them holds 20 rows, more than the range read is allowed to scan.
        var again = await handler.HandleAsync(lenderId, "some.csv", Csv(Row("L00", "2026-12-01"), Row("L19", "2026-12-02")));

        Assert.Equal((1, 1), (again.Unchanged, again.Stored));
    }

    [Fact]
    public async Task Reupload_MovingDueDatesWhilePaymentsLand_LosesNoPaymentAndLeavesNoOldRow()
    {
        var (handler, store, _) = await ArrangeAsync();
        var loans = Enumerable.Range(0, 60).Select(n => $"M{n:D2}").ToList();
        await handler.HandleAsync(lenderId, "book.csv", Csv([.. loans.Select(loan => Row(loan, "2026-12-01"))]));

        var move = handler.HandleAsync(lenderId, "book-v2.csv", Csv([.. loans.Select(loan => Row(loan, "2026-12-15"))]));
        var pay = Parallel.ForEachAsync(loans, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (loan, _) =>
        {
            var key = new InstallmentKey(lenderId, loan, 1);
            while (await store.GetAsync(key) is { } installment && !await store.TryUpdateAsync(installment with { AmountPaid = 500m }))
            {
            }
        });
        await Task.WhenAll(move, pay);

        foreach (var loan in loans)
        {
            var installment = await store.GetAsync(new InstallmentKey(lenderId, loan, 1));
            Assert.Equal((500m, new DateOnly(2026, 12, 15)), (installment!.AmountPaid, installment.DueDate));
        }

        Assert.DoesNotContain(await Collect(store.QueryDueAsync(new DateOnly(2026, 12, 1))), i => i.LenderId == lenderId);
    }

    [Fact]
    public async Task ReadByDueDate_StillThere_NeedsNoIndex_AndAfterAMove_FindsTheNewRowThroughIt()
    {
        var (handler, store, _) = await ArrangeAsync();
        var key = new InstallmentKey(lenderId, "L1", 1);
        await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01")));
        var index = azurite.Storage.Table(PipelineNames.InstallmentIndexTable);
        var entry = (await index.GetEntityAsync<TableEntity>(lenderId, InstallmentIndexEntity.RowKeyFor(key))).Value;
        await index.DeleteEntityAsync(entry.PartitionKey, entry.RowKey);

        Assert.Equal(new DateOnly(2026, 12, 1), (await store.GetAsync(key, new DateOnly(2026, 12, 1)))!.DueDate);
        Assert.Null(await store.GetAsync(key));

        await index.AddEntityAsync(entry);
        await handler.HandleAsync(lenderId, "book-v2.csv", Csv(Row("L1", "2026-12-09")));
        Assert.Equal(new DateOnly(2026, 12, 9), (await store.GetAsync(key, new DateOnly(2026, 12, 1)))!.DueDate);
        Assert.Equal(new DateOnly(2026, 12, 9), (await store.GetAsync(key, new DateOnly(2026, 12, 9)))!.DueDate);
    }

    [Fact]
    public async Task Move_DyingBeforeTheIndexPointsAtTheNewRow_EveryReaderFindsOneHomeAndTheRetryFinishesIt()
    {
        var crash = new FailFirstWriteTo(PipelineNames.InstallmentIndexTable);
        var options = new TableClientOptions();
        options.AddPolicy(crash, HttpPipelinePosition.PerCall);
        var (handler, store, _) = await ArrangeAsync(new DunningStorage(azurite.ConnectionString, options));
        var key = new InstallmentKey(lenderId, "L1", 1);
        var (oldDue, newDue) = (new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 9));
        await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01")));

        crash.Armed = true;
        await Assert.ThrowsAnyAsync<Exception>(() => handler.HandleAsync(lenderId, "book-v2.csv", Csv(Row("L1", "2026-12-09"))));
        Assert.True(crash.Failed);

        // The old row is marked, the index still points at it: the scan of the old date skips it, every read lands
        // on the new row, and a payment made now is on the row the next reader sees.
        Assert.DoesNotContain(await Collect(store.QueryDueAsync(oldDue)), i => i.LenderId == lenderId);
        Assert.Single(await Collect(store.QueryDueAsync(newDue)), i => i.LenderId == lenderId);
        var paying = await store.GetAsync(key);
        Assert.Equal(newDue, paying!.DueDate);
        Assert.True(await store.TryUpdateAsync(paying with { AmountPaid = 500m }));
        foreach (var hint in new DateOnly?[] { oldDue, newDue, null })
        {
            Assert.Equal((500m, newDue), ((await store.GetAsync(key, hint))!.AmountPaid, (await store.GetAsync(key, hint))!.DueDate));
        }

        await handler.HandleAsync(lenderId, "book-v2.csv", Csv(Row("L1", "2026-12-09")));

        var raw = azurite.Storage.Table(PipelineNames.InstallmentsTable);
        var rowKey = InstallmentEntity.RowKeyFor(key);
        Assert.False((await raw.GetEntityIfExistsAsync<TableEntity>(partitions.PartitionKeyFor(oldDue, lenderId, "L1"), rowKey)).HasValue);
        var home = (await raw.GetEntityAsync<TableEntity>(partitions.PartitionKeyFor(newDue, lenderId, "L1"), rowKey)).Value;
        Assert.True(string.IsNullOrEmpty(home.GetString("MovingFrom")) && string.IsNullOrEmpty(home.GetString("MovedTo")));
        Assert.Equal(500m, (await store.GetAsync(key, newDue))!.AmountPaid);
    }

    [Fact]
    public async Task Upload_DroppingAnInstallment_LeavesTheStoredOneAlone()
    {
        var (handler, store, _) = await ArrangeAsync();
        await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01"), Row("L2", "2026-12-01")));

        await handler.HandleAsync(lenderId, "book-v2.csv", Csv(Row("L1", "2026-12-01")));

        Assert.NotNull(await store.GetAsync(new InstallmentKey(lenderId, "L2", 1)));
    }

    [Fact]
    public async Task Reupload_WithAChangedProfile_KeepsThePaymentHistoryCounters()
    {
        var (handler, _, borrowers) = await ArrangeAsync();
        await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01")));
        var stored = await borrowers.GetAsync(lenderId, "B-L1");
        Assert.True(await borrowers.TryUpdateAsync(stored! with { OnTimePayments = 3, LatePayments = 1 }));

        await handler.HandleAsync(lenderId, "book-v2.csv", Csv(Row("L1", "2026-12-01", name: "李娜娜")));

        var after = await borrowers.GetAsync(lenderId, "B-L1");
        Assert.Equal(("李娜娜", 3, 1), (after!.Name, after.OnTimePayments, after.LatePayments));
    }

    [Fact]
    public async Task Ingest_DyingBetweenTheIndexAndTheInstallmentRows_IsCompletedByTheRetry()
    {
        var crash = new FailFirstTransactionTouching(PipelineNames.InstallmentsTable);
        var options = new TableClientOptions();
        options.AddPolicy(crash, HttpPipelinePosition.PerCall);
        var crashingStorage = new DunningStorage(azurite.ConnectionString, options);
        var (handler, store, _) = await ArrangeAsync(crashingStorage);
        var file = new[] { Row("L1", "2026-12-01"), Row("L2", "2026-12-02") };
        await Assert.ThrowsAnyAsync<Exception>(() => handler.HandleAsync(lenderId, "book.csv", Csv(file)));
        Assert.True(crash.Failed);

        // The blob trigger runs the same file again. The two rows live in two partitions, so their transactions go
        // side by side: the one that did not meet the crash may have landed whole, and the retry finds it unchanged.
        var retry = await handler.HandleAsync(lenderId, "book.csv", Csv(file));

        Assert.Equal(2, retry.Stored + retry.Unchanged);
        Assert.True(retry.Stored >= 1, $"the retry stored {retry.Stored} rows; the row whose transaction failed must be one");
        Assert.NotNull(await store.GetAsync(new InstallmentKey(lenderId, "L1", 1)));
        Assert.NotNull(await store.GetAsync(new InstallmentKey(lenderId, "L2", 1)));
        var third = await handler.HandleAsync(lenderId, "book.csv", Csv(file));
        Assert.Equal((0, 2), (third.Stored, third.Unchanged));
    }

    [Fact]
    public async Task Ingest_RowsOfAPartitionInManyChunks_GoOutTogetherAndAllLand()
    {
        // 3,000 rows (three handler chunks) over five due dates: 80 partitions of about 37 rows. Written chunk by
        // chunk, each partition took a transaction per chunk (about 240); held across chunks, one each.
        var counter = new CountTransactionsTouching(PipelineNames.InstallmentsTable);
        var (handler, store, _) = await ArrangeBehindAsync(counter);
        var dueDates = Enumerable.Range(0, 5).Select(d => new DateOnly(2026, 12, 1).AddDays(d)).ToList();
        var rows = Enumerable.Range(0, 3000).Select(i => Row($"M{i}", dueDates[i % 5].ToString("yyyy-MM-dd"), phone: "+86139" + i.ToString("D8"))).ToArray();

        var summary = await handler.HandleAsync(lenderId, "book.csv", Csv(rows));

        Assert.Equal((3000, 0), (summary.Stored, summary.Rejected));
        var partitionsUsed = Enumerable.Range(0, 3000).Select(i => partitions.PartitionKeyFor(dueDates[i % 5], lenderId, $"M{i}")).Distinct().Count();
        Assert.Equal(partitionsUsed, counter.Transactions);
        var landed = 0;
        foreach (var due in dueDates)
        {
            landed += await store.QueryDueAsync(due).CountAsync(i => i.LenderId == lenderId);
        }

        Assert.Equal(3000, landed);
        var again = await handler.HandleAsync(lenderId, "book.csv", Csv(rows));
        Assert.Equal((0, 3000), (again.Stored, again.Unchanged));
    }

    [Fact]
    public async Task Ingest_DyingWhileRowsOfEarlierChunksAreHeld_IsCompletedByTheRetry()
    {
        var crash = new FailFirstTransactionTouching(PipelineNames.InstallmentsTable);
        var (handler, store, _) = await ArrangeBehindAsync(crash);
        var file = Enumerable.Range(0, 2500).Select(i => Row($"H{i}", "2026-12-03", phone: "+86138" + i.ToString("D8"))).ToArray();
        await Assert.ThrowsAnyAsync<Exception>(() => handler.HandleAsync(lenderId, "book.csv", Csv(file)));
        Assert.True(crash.Failed);

        var retry = await handler.HandleAsync(lenderId, "book.csv", Csv(file));

        Assert.Equal(2500, retry.Stored + retry.Unchanged);
        Assert.True(retry.Stored >= 100, $"the retry stored {retry.Stored} rows; the held rows whose transaction failed must be among them");
        Assert.Equal(2500, await store.QueryDueAsync(new DateOnly(2026, 12, 3)).CountAsync(i => i.LenderId == lenderId));
        var third = await handler.HandleAsync(lenderId, "book.csv", Csv(file));
        Assert.Equal((0, 2500), (third.Stored, third.Unchanged));
    }

    [Fact]
    public async Task NewBorrower_OnANumberAlreadyOnFile_JoinsItsBorrowerListBesideNewNumbers()
    {
        var (handler, _, borrowers) = await ArrangeAsync();
        await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01")));

        await handler.HandleAsync(lenderId, "more.csv", Csv(Row("L2", "2026-12-01"), Row("L3", "2026-12-01", phone: "+8613912345679")));

        var hasher = new HmacPhoneHasher("integration-secret-123");
        Assert.Equal(["B-L1", "B-L2"], (await borrowers.FindPhoneAsync(lenderId, hasher.Hash("+8613912345678")))!.BorrowerIds.Order());
        Assert.Equal(["B-L3"], (await borrowers.FindPhoneAsync(lenderId, hasher.Hash("+8613912345679")))!.BorrowerIds);
    }

    [Fact]
    public async Task Borrowers_SharingAPhone_AreBothLinkedToItsStatus()
    {
        var (handler, _, borrowers) = await ArrangeAsync();
        await handler.HandleAsync(lenderId, "book.csv", Csv(Row("L1", "2026-12-01"), Row("L2", "2026-12-01")));

        var hash = new HmacPhoneHasher("integration-secret-123").Hash("+8613912345678");
        var status = await borrowers.FindPhoneAsync(lenderId, hash);

        Assert.Equal(["B-L1", "B-L2"], status!.BorrowerIds.Order());
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Whether the request is an entity-group transaction on the table.</summary>
    private static async Task<bool> IsTransactionOnAsync(HttpMessage message, string tableName)
    {
        if (!message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) || message.Request.Content is not { } content)
        {
            return false;
        }

        using var body = new MemoryStream();
        await content.WriteToAsync(body, message.CancellationToken);
        return Encoding.UTF8.GetString(body.ToArray()).Contains($"/{tableName}(", StringComparison.Ordinal);
    }

    /// <summary>A worker dying in the middle of an ingest: the first entity-group transaction on the table fails.</summary>
    private sealed class FailFirstTransactionTouching(string tableName) : HttpPipelinePolicy
    {
        public bool Failed { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The table client is used asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (!Failed && await IsTransactionOnAsync(message, tableName))
            {
                Failed = true;
                throw new IOException("Injected: the worker died before this transaction reached storage.");
            }

            await ProcessNextAsync(message, pipeline);
        }
    }

    /// <summary>Counts the entity-group transactions sent to one table.</summary>
    private sealed class CountTransactionsTouching(string tableName) : HttpPipelinePolicy
    {
        private int transactions;

        public int Transactions => Volatile.Read(ref transactions);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The table client is used asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (await IsTransactionOnAsync(message, tableName))
            {
                Interlocked.Increment(ref transactions);
            }

            await ProcessNextAsync(message, pipeline);
        }
    }

    /// <summary>Once armed, fails the first single-entity write to the table, as a worker dying just before it would.</summary>
    private sealed class FailFirstWriteTo(string tableName) : HttpPipelinePolicy
    {
        public bool Armed { get; set; }

        public bool Failed { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The table client is used asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Armed && !Failed && message.Request.Method != RequestMethod.Get
                && message.Request.Uri.Path.Contains($"/{tableName}(", StringComparison.Ordinal))
            {
                Failed = true;
                throw new IOException("Injected: the worker died before this write reached storage.");
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
