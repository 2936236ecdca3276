using System.Text;
using Dunning.Core;
using Dunning.Core.Installments;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Privacy;
using Dunning.Core.Schedules;
using Dunning.Core.Serialization;
using Dunning.Storage;
using Dunning.Storage.Borrowers;
using Dunning.Storage.Installments;
using Dunning.Storage.Lenders;
using Dunning.Storage.Queues;
using Dunning.Storage.Schedules;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Integration.Tests.Schedules;

/// <summary>Upload a file, ingest it, scan, and read the jobs off the real reminder-jobs queue.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScanOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task IngestThenScan_QueuesOneJobPerDueStage_AndASecondScanQueuesNothing()
    {
        // Tests in this assembly share one Azurite and run one at a time; jobs are told apart by lender id.
        var lenderId = "scan-" + Guid.NewGuid().ToString("N")[..10];
        var storage = azurite.Storage;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)); // 10:00 in Shanghai
        var lenders = new TableLenderDirectory(storage, time);
        await lenders.SaveAsync(LenderSettings.DefaultFor(lenderId));
        var installments = new TableInstallmentStore(storage, new InstallmentPartitions());
        var ingest = new IngestScheduleHandler(lenders, installments, new TableBorrowerDirectory(storage), new BlobIngestResultStore(storage),
            new HmacPhoneHasher("integration-secret-123"), NullLogger<IngestScheduleHandler>.Instance);
        var csv = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" +
            "L1,1,B1,李娜,+8613912345678,Asia/Shanghai,zh-CN,500.00,CNY,2026-11-26,true\r\n" +   // T-3 today
            "L2,1,B2,王强,+8613912345679,Asia/Shanghai,zh-CN,500.00,CNY,2026-11-23,true\r\n" +   // T0 today
            "L3,1,B3,赵敏,+8613912345670,Asia/Shanghai,zh-CN,500.00,CNY,2026-11-27,true\r\n" +   // T-4: no stage
            "L4,1,B4,孙丽,+8613912345671,Asia/Shanghai,zh-CN,500.00,CNY,2026-11-26,false\r\n";   // no consent
        await ingest.HandleAsync(lenderId, "book.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)));

        var queue = storage.Queue(PipelineNames.ReminderJobsQueue);
        var scan = new ScanDueInstallmentsHandler(lenders, installments, new QueueJobQueue(storage), time, NullLogger<ScanDueInstallmentsHandler>.Instance);
        await scan.HandleAsync();
        await scan.HandleAsync();

        var jobs = new List<ReminderJob>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                jobs.AddRange(QueueJson.Deserialize<ReminderJobBatch>(message.MessageText).Jobs);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        Assert.Equal([$"{lenderId}:L1:1:T-3", $"{lenderId}:L2:1:T0"], jobs.Where(j => j.LenderId == lenderId).Select(j => j.JobId).Order());
        Assert.Contains("T-3", (await installments.GetAsync(new InstallmentKey(lenderId, "L1", 1)))!.EnqueuedStages);
    }
}
