using System.Text;
using Dunning.Core;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Privacy;
using Dunning.Core.Schedules;
using Dunning.Storage;
using Dunning.Storage.Borrowers;
using Dunning.Storage.Installments;
using Dunning.Storage.Lenders;
using Dunning.Storage.Queues;
using Dunning.Storage.Schedules;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dunning.Integration.Tests.Schedules;

/// <summary>The payment fingerprints live on the installment row in Table storage: re-uploads are checked against what Azurite kept.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PaymentIngestOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly string lenderId = "pay-" + Guid.NewGuid().ToString("N")[..12];
    private readonly InstallmentPartitions partitions = new();

    private async Task<(IngestPaymentsHandler Payments, TableInstallmentStore Store)> ArrangeAsync()
    {
        var storage = azurite.Storage;
        var lenders = new TableLenderDirectory(storage, TimeProvider.System);
        await lenders.SaveAsync(LenderSettings.DefaultFor(lenderId));
        var store = new TableInstallmentStore(storage, partitions);
        var borrowers = new TableBorrowerDirectory(storage);
        var results = new BlobIngestResultStore(storage);
        var schedule = new IngestScheduleHandler(lenders, store, borrowers, results, new HmacPhoneHasher("integration-secret-123"),
            NullLogger<IngestScheduleHandler>.Instance);
        var book = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" +
                   "L1,1,B1,李娜,+8613912345678,Asia/Shanghai,zh-CN,1000.00,CNY,2031-12-01,true\r\n";
        var stored = await schedule.HandleAsync(lenderId, "book.csv", new MemoryStream(Encoding.UTF8.GetBytes(book)));
        Assert.Equal(1, stored.Stored);
        var payments = new IngestPaymentsHandler(lenders, store, borrowers, new QueueJobQueue(storage), results, TimeProvider.System,
            NullLogger<IngestPaymentsHandler>.Instance);
        return (payments, store);
    }

    private Task<IngestSummary> UploadAsync(IngestPaymentsHandler payments, string name, string header, params string[] rows) =>
        payments.HandleAsync(lenderId, name, new MemoryStream(Encoding.UTF8.GetBytes(header + "\r\n" + string.Join("\r\n", rows) + "\r\n")));

    private async Task<decimal> OwedAsync(TableInstallmentStore store) =>
        (await store.GetAsync(new InstallmentKey(lenderId, "L1", 1)))!.Outstanding.Amount;

    [Fact]
    public async Task TimedPaymentThenScheduleReupload_TheBorrowersHourIsStoredAndKept()
    {
        var (payments, _) = await ArrangeAsync();
        var borrowers = new TableBorrowerDirectory(azurite.Storage);

        await UploadAsync(payments, "evening.csv", "loan_id,installment_no,amount_paid,paid_at", "L1,1,100.00,2031-11-20T19:25:00+08:00");
        Assert.Equal(19, (await borrowers.GetAsync(lenderId, "B1"))!.PreferredHour);

        // A schedule upload rewrites the profile; the hour learned from the borrower stays.
        var schedule = new IngestScheduleHandler(new TableLenderDirectory(azurite.Storage, TimeProvider.System), new TableInstallmentStore(azurite.Storage, partitions),
            borrowers, new BlobIngestResultStore(azurite.Storage), new HmacPhoneHasher("integration-secret-123"), NullLogger<IngestScheduleHandler>.Instance);
        var book = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" +
                   "L1,1,B1,李娜,+8613912345678,Asia/Shanghai,en,1000.00,CNY,2031-12-01,true\r\n";
        await schedule.HandleAsync(lenderId, "book-2.csv", new MemoryStream(Encoding.UTF8.GetBytes(book)));

        var after = (await borrowers.GetAsync(lenderId, "B1"))!;
        Assert.Equal((Languages.English, 19), (after.Language, after.PreferredHour));
    }

    [Fact]
    public async Task DoubleExportedFileThenReupload_OwedAmountChangesExactlyOnce()
    {
        var (payments, store) = await ArrangeAsync();
        const string header = "loan_id,installment_no,amount_paid,paid_at";
        string[] export = ["L1,1,100.00,2031-11-20T10:00:00+08:00", "L1,1,250.00,2031-11-25"];

        var doubled = await UploadAsync(payments, "doubled.csv", header, [.. export, .. export]);
        var again = await UploadAsync(payments, "again.csv", header, export);

        Assert.Equal(650m, await OwedAsync(store));
        Assert.Equal((2, 2, 2, 0), (doubled.Stored, doubled.Unchanged, doubled.Duplicates, doubled.Rejected));
        Assert.Equal((0, 2, 0), (again.Stored, again.Unchanged, again.Duplicates));
        var report = await azurite.Storage.Container(PipelineNames.ResultsContainer)
            .GetBlobClient($"{lenderId}/payments/doubled.csv.errors.csv").DownloadContentAsync();
        Assert.Equal(2, report.Value.Content.ToString().Split("duplicate of line").Length - 1);
    }

    [Fact]
    public async Task SameAmountAndTimeWithDifferentPaymentIds_BothApplyAndAReuploadAppliesNeither()
    {
        var (payments, store) = await ArrangeAsync();
        const string header = "loan_id,installment_no,amount_paid,paid_at,payment_id";
        string[] rows = ["L1,1,100.00,2031-11-20,TX-81", "L1,1,100.00,2031-11-20,TX-82"];

        var first = await UploadAsync(payments, "ids.csv", header, rows);
        var again = await UploadAsync(payments, "ids-again.csv", header, [rows[1], rows[0], rows[0]]);

        Assert.Equal(800m, await OwedAsync(store));
        Assert.Equal((2, 0), (first.Stored, first.Duplicates));
        Assert.Equal((0, 3, 1), (again.Stored, again.Unchanged, again.Duplicates));
    }
}
