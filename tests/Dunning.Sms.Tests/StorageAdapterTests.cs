using Dunning.Core;
using Dunning.Core.Installments;
using Dunning.Core.Jobs;
using Dunning.Core.Sending;
using Dunning.Core.Serialization;
using Dunning.Storage.Queues;
using Dunning.Storage.Sending;
using Dunning.Testing;

namespace Dunning.Sms.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class StorageAdapterTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 2, 0, 0, TimeSpan.Zero);
    private readonly string lenderId = "ledger-" + Guid.NewGuid().ToString("N")[..12];

    private SendRecord Record(string jobId, DateTimeOffset? createdAt = null) =>
        SampleSendRecords.Scheduled(lenderId, jobId, createdAt ?? Now, installmentNo: 2);

    [Fact]
    public async Task TryAddAsync_SecondInsert_IsNullAndLeavesTheFirstRow()
    {
        ISendLedger ledger = new TableSendLedger(azurite.Storage);
        var jobId = $"{lenderId}:L/1:2:T-1";

        var first = await ledger.TryAddAsync(Record(jobId) with { State = SendState.Sending, Attempts = 1 });
        var second = await ledger.TryAddAsync(Record(jobId) with { State = SendState.Sending, Attempts = 1 });

        Assert.NotNull(first?.ETag);
        Assert.Null(second);
        var stored = await ledger.GetAsync(lenderId, jobId);
        Assert.Equal((SendState.Sending, first!.ETag), (stored!.State, stored.ETag));
    }

    [Fact]
    public async Task GetOrAddAsync_SecondInsert_ReturnsTheStoredRow()
    {
        ISendLedger ledger = new TableSendLedger(azurite.Storage);
        var jobId = $"{lenderId}:L/1:2:T-3";

        var first = await ledger.GetOrAddAsync(Record(jobId));
        var second = await ledger.GetOrAddAsync(Record(jobId) with { State = SendState.Failed, Reason = "other" });

        Assert.NotNull(first.ETag);
        Assert.Equal(SendState.Pending, second.State);
        Assert.Null(second.Reason);
        Assert.Equal(jobId, second.JobId);
        Assert.Equal("L/1", second.LoanId);
        Assert.Equal(2, second.InstallmentNo);
        Assert.Equal(first.ETag, second.ETag);
    }

    [Fact]
    public async Task TryUpdateAsync_CurrentETagWinsStaleETagLoses()
    {
        ISendLedger ledger = new TableSendLedger(azurite.Storage);
        var stored = await ledger.GetOrAddAsync(Record($"{lenderId}:L1:1:T0"));

        var won = await ledger.TryUpdateAsync(stored with { State = SendState.Sending, Attempts = 1, FirstAttemptAt = Now });
        var lost = await ledger.TryUpdateAsync(stored with { State = SendState.Suppressed, Reason = "late" });

        Assert.True(won);
        Assert.False(lost);
        var row = await ledger.GetAsync(lenderId, stored.JobId);
        Assert.Equal(SendState.Sending, row!.State);
        Assert.Equal(Now, row.FirstAttemptAt);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task IndexMessageIdAsync_FindsTheJobByMessageId()
    {
        ISendLedger ledger = new TableSendLedger(azurite.Storage);
        var messageId = "Outgoing_" + Guid.NewGuid();

        await ledger.IndexMessageIdAsync(messageId, lenderId, "job/1");

        Assert.Equal((lenderId, "job/1"), await ledger.FindByMessageIdAsync(messageId));
        Assert.Null(await ledger.FindByMessageIdAsync("Outgoing_unknown-" + Guid.NewGuid()));
    }

    [Fact]
    public async Task QueryAsync_ReturnsOnlyThisLendersRowsInRange()
    {
        ISendLedger ledger = new TableSendLedger(azurite.Storage);
        await ledger.GetOrAddAsync(Record("in-range", Now));
        await ledger.GetOrAddAsync(Record("too-late", Now.AddDays(2)));
        await ledger.GetOrAddAsync(Record("other-lender") with { LenderId = lenderId + "-x" });

        var rows = new List<SendRecord>();
        await foreach (var row in ledger.QueryAsync(lenderId, Now.AddHours(-1), Now.AddDays(1)))
        {
            rows.Add(row);
        }

        Assert.Equal(["in-range"], rows.Select(r => r.JobId));
    }

    [Fact]
    public async Task QueueOutbox_EnqueueAsync_PlainJsonAndDelayHidesIt()
    {
        var queue = azurite.Storage.Queue(PipelineNames.SmsOutboxQueue);
        await queue.ClearMessagesAsync();
        var outbox = new QueueOutbox(azurite.Storage);
        var message = ChaosTests.Message(lenderId, "L1", Now);

        await outbox.EnqueueAsync(message);
        await outbox.EnqueueAsync(message with { JobId = "later" }, TimeSpan.FromHours(1));

        var received = (await queue.ReceiveMessagesAsync(32)).Value;
        await queue.ClearMessagesAsync();
        var only = Assert.Single(received);
        Assert.Equal(message, QueueJson.Deserialize<OutboxMessage>(only.Body.ToString()));
    }

    [Fact]
    public async Task QueueOutbox_EnqueueManyAsync_SixteenToAQueueMessageAndEveryJobReadBack()
    {
        var queue = azurite.Storage.Queue(PipelineNames.SmsOutboxQueue);
        await queue.ClearMessagesAsync();
        var messages = Enumerable.Range(0, 40).Select(i => ChaosTests.Message(lenderId, $"L{i}", Now)).ToList();

        await new QueueOutbox(azurite.Storage).EnqueueManyAsync(messages);

        var received = (await queue.ReceiveMessagesAsync(32)).Value;
        await queue.ClearMessagesAsync();
        Assert.Equal(3, received.Length);
        Assert.Equal(messages.Select(m => m.JobId).Order(), received.SelectMany(r => OutboxEnvelope.Read(r.Body.ToString())).Select(m => m.JobId).Order());
    }

    [Fact]
    public async Task QueueOutbox_EnqueueManyAsync_LongChineseTextsStayUnderTheQueueLimit()
    {
        var queue = azurite.Storage.Queue(PipelineNames.SmsOutboxQueue);
        await queue.ClearMessagesAsync();
        // 670 characters is ten UCS-2 segments; escaped in JSON each character takes six bytes.
        var messages = Enumerable.Range(0, 16).Select(i => ChaosTests.Message(lenderId, $"L{i}", Now) with { Text = new string('还', 670) }).ToList();

        await new QueueOutbox(azurite.Storage).EnqueueManyAsync(messages);

        var received = (await queue.ReceiveMessagesAsync(32)).Value;
        await queue.ClearMessagesAsync();
        Assert.True(received.Length > 1, "sixteen long texts fit one queue message only if the length limit is ignored");
        Assert.Equal(16, received.Sum(r => OutboxEnvelope.Read(r.Body.ToString()).Count));
    }

    [Fact]
    public async Task QueueJobQueue_EnqueueAsync_RoundTripsTheBatch()
    {
        var queue = azurite.Storage.Queue(PipelineNames.ReminderJobsQueue);
        await queue.ClearMessagesAsync();
        var job = new ReminderJob { LenderId = lenderId, LoanId = "L1", InstallmentNo = 1, Stage = "T-3", DueDate = new DateOnly(2025, 3, 13), CreatedAt = Now };

        await new QueueJobQueue(azurite.Storage).EnqueueAsync(new ReminderJobBatch([job]));

        var received = Assert.Single((await queue.ReceiveMessagesAsync(32)).Value);
        await queue.ClearMessagesAsync();
        var batch = QueueJson.Deserialize<ReminderJobBatch>(received.Body.ToString());
        Assert.Equal(job, Assert.Single(batch.Jobs));
        Assert.Equal(new InstallmentKey(lenderId, "L1", 1), batch.Jobs[0].InstallmentKey);
    }
}
