using Dunning.Core;
using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.Installments;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Dunning.Storage.Borrowers;
using Dunning.Storage.Eligibility;
using Dunning.Storage.Installments;
using Dunning.Storage.Lenders;
using Dunning.Storage.Messaging;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Integration.Tests.Personalization;

[Collection(AzuriteCollection.Name)]
public sealed class PersonalizeReminderStorageTests(AzuriteFixture azurite)
{
    private static readonly DateOnly DueDate = new(2026, 11, 30);
    private static readonly DateTimeOffset T3Morning = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly FakeTimeProvider time = new(T3Morning);
    private readonly RecordingOutbox outbox = new();
    private readonly RecordingJobQueue jobQueue = new();

    private static string NewLenderId() => "p" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(PersonalizeReminderHandler Handler, TableContactLog Log, BlobTemplateStore Templates, TableBorrowerDirectory Borrowers)> ArrangeAsync(string lenderId, bool optedOut = false)
    {
        var storage = azurite.Storage;
        var lenders = new TableLenderDirectory(storage, time);
        var borrowers = new TableBorrowerDirectory(storage);
        var installments = new TableInstallmentStore(storage, new InstallmentPartitions());
        var contactLog = new TableContactLog(storage);
        var templates = new BlobTemplateStore(storage, time);
        await lenders.SaveAsync(LenderSettings.DefaultFor(lenderId) with { Brand = "Anxin", Hotline = "400-800-1234" });
        var borrower = new Borrower
        {
            LenderId = lenderId, BorrowerId = "b-1", Name = "张三", PhoneE164 = "+8613800138000", PhoneHash = "hash-" + lenderId,
            TimeZone = "Asia/Shanghai", Language = Languages.Chinese, Consent = true,
        };
        await borrowers.UpsertManyAsync([borrower]);
        if (optedOut)
        {
            var phone = await borrowers.FindPhoneAsync(lenderId, borrower.PhoneHash);
            Assert.True(await borrowers.TrySavePhoneAsync((phone ?? new PhoneStatus { LenderId = lenderId, PhoneHash = borrower.PhoneHash }) with { OptedOut = true, OptedOutAt = T3Morning }));
        }

        await installments.UpsertScheduleAsync([new Installment
        {
            LenderId = lenderId, LoanId = "L-1", InstallmentNo = 1, BorrowerId = "b-1",
            AmountDue = Money.Of(1234.5m, "CNY"), DueDate = DueDate, Consent = true,
        }]);
        var eligibility = new SendEligibility(lenders, borrowers, installments, new TableCapLedger(storage), time);
        var handler = new PersonalizeReminderHandler(
            lenders, borrowers, installments, eligibility, new TemplateCatalog(templates, NullLogger<TemplateCatalog>.Instance),
            outbox, jobQueue, contactLog, new Dunning.Storage.Sending.TableSendLedger(storage), time, NullLogger<PersonalizeReminderHandler>.Instance);
        return (handler, contactLog, templates, borrowers);
    }

    private static ReminderJob Job(string lenderId, string stage = "T-3") => new()
    {
        LenderId = lenderId, LoanId = "L-1", InstallmentNo = 1, Stage = stage, DueDate = DueDate, CreatedAt = T3Morning,
    };

    [Fact]
    public async Task HandleAsync_EligibleJob_QueuesMessageAndLogsSend()
    {
        var lenderId = NewLenderId();
        var (handler, log, _, _) = await ArrangeAsync(lenderId);

        await handler.HandleAsync(new ReminderJobBatch([Job(lenderId)]));

        var message = Assert.Single(outbox.Messages);
        Assert.StartsWith("【Anxin】尊敬的张三客户", message.Text, StringComparison.Ordinal);
        Assert.Equal(TextEncoding.Ucs2, message.Encoding);
        var decision = Assert.Single(await log.QueryAsync(lenderId, T3Morning.AddHours(-1), T3Morning.AddHours(1)).ToListAsync());
        Assert.Equal((Verdict.Send, Job(lenderId).JobId), (decision.Decision, decision.JobId));
    }

    [Fact]
    public async Task HandleAsync_OptedOutNumber_WritesSuppressionRow()
    {
        var lenderId = NewLenderId();
        var (handler, log, _, _) = await ArrangeAsync(lenderId, optedOut: true);

        await handler.HandleAsync(new ReminderJobBatch([Job(lenderId)]));

        Assert.Empty(outbox.Messages);
        var decision = Assert.Single(await log.QueryAsync(lenderId, T3Morning.AddHours(-1), T3Morning.AddHours(1)).ToListAsync());
        Assert.Equal((Verdict.Suppress, SuppressionReasons.OptedOut, "b-1"), (decision.Decision, decision.Reason, decision.BorrowerId));
    }

    [Fact]
    public async Task HandleAsync_LenderTemplateInBlob_IsUsedWithItsETag()
    {
        var lenderId = NewLenderId();
        var (handler, _, templates, _) = await ArrangeAsync(lenderId);
        await templates.SaveAsync(lenderId, "T-3", Languages.Chinese,
            "【{{ brand }}】{{ borrower_name }}：{{ due_date }}前请还{{ amount_due }}（{{ pay_method }}）。热线{{ hotline }}。{{ opt_out }}");

        await handler.HandleAsync(new ReminderJobBatch([Job(lenderId)]));

        var message = Assert.Single(outbox.Messages);
        Assert.Equal($"{lenderId}/templates/T-3.zh-CN.liquid", message.TemplateId);
        Assert.StartsWith("\"0x", message.TemplateVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlobTemplateStore_UnchangedBlob_RevalidatesWithSameVersion()
    {
        var lenderId = NewLenderId();
        var templates = new BlobTemplateStore(azurite.Storage, time);
        await templates.SaveAsync(lenderId, "reminder", "en", "{{ brand }}");

        var first = await templates.FindAsync(lenderId, "reminder", "en");
        time.Advance(BlobTemplateStore.Freshness * 2);
        var second = await templates.FindAsync(lenderId, "reminder", "en");

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.Null(await templates.FindAsync(lenderId, "T0", "en"));
    }

    [Fact]
    public async Task BlobTemplateStore_ManyJobsLookingUpAMissingTemplateAtOnce_SendOneRequest()
    {
        var lenderId = NewLenderId();
        var templates = new BlobTemplateStore(azurite.Storage, time);
        var requests = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("url.full") is string url && url.Contains($"/{lenderId}/templates/", StringComparison.Ordinal))
                {
                    requests.Add(url);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        var found = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => templates.FindAsync(lenderId, "T-3", "zh-CN"))));
        time.Advance(BlobTemplateStore.Freshness * 2);
        await templates.FindAsync(lenderId, "T-3", "zh-CN");

        Assert.All(found, Assert.Null);
        Assert.Equal(2, requests.Count);
    }

    [Fact]
    public async Task TableCapLedger_ConcurrentClaims_GrantOneSlot_AndARetryMovesItRatherThanAddingOne()
    {
        var lenderId = NewLenderId();
        ICapLedger ledger = new TableCapLedger(azurite.Storage);
        var window = new SendWindow(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), QuietHours.Default, []);
        var settings = LenderSettings.DefaultFor(lenderId);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            ledger.ReserveAsync(lenderId, "hash-b1", "job-" + i, T3Morning, entries => CapPolicy.Evaluate(entries, "job-" + i, T3Morning, window, settings))));
        var winner = (await ledger.GetAsync(lenderId, "hash-b1")).Single().JobId;
        var retryAt = T3Morning.AddMinutes(1);
        var again = await ledger.ReserveAsync(lenderId, "hash-b1", winner, retryAt, entries => CapPolicy.Evaluate(entries, winner, retryAt, window, settings));

        Assert.Equal(1, decisions.Count(d => d.Verdict == Verdict.Send));
        Assert.Equal(5, decisions.Count(d => d.Reason == SuppressionReasons.OverDailyCap));
        Assert.Equal(Verdict.Send, again.Verdict);
        // The retry moved the job's one slot to when it really goes out; it did not add a second.
        Assert.Equal((winner, retryAt), (await ledger.GetAsync(lenderId, "hash-b1")).Select(e => (e.JobId, e.SentAt)).Single());
    }

    /// <summary>A new lender with one borrower on "hash-b1", and the cap ledger that claims on that number's row.</summary>
    private async Task<(string LenderId, TableBorrowerDirectory Borrowers, ICapLedger Ledger)> OneBorrowerOnItsNumberAsync()
    {
        var lenderId = NewLenderId();
        var borrowers = new TableBorrowerDirectory(azurite.Storage);
        await borrowers.UpsertManyAsync([new Borrower
        {
            LenderId = lenderId, BorrowerId = "b-1", Name = "张三", PhoneE164 = "+8613800138000", PhoneHash = "hash-b1",
            TimeZone = "Asia/Shanghai", Language = Languages.Chinese, Consent = true,
        }]);
        return (lenderId, borrowers, new TableCapLedger(azurite.Storage));
    }

    [Fact]
    public async Task TableCapLedger_ClaimOnAStatusReadBeforeAStop_IsDecidedAgainOnTheOptedOutRowAndTakesNoSlot()
    {
        var (lenderId, borrowers, ledger) = await OneBorrowerOnItsNumberAsync();
        var readAtPersonalize = await borrowers.FindPhoneAsync(lenderId, "hash-b1");
        Assert.True(await borrowers.TrySavePhoneAsync(readAtPersonalize! with { OptedOut = true, OptedOutAt = T3Morning }));

        var decision = await ledger.ReserveAsync(lenderId, "hash-b1", "job-1", T3Morning, readAtPersonalize,
            status => status is { OptedOut: true } ? EligibilityDecision.Suppress(SuppressionReasons.OptedOut) : EligibilityDecision.Send);

        Assert.Equal(SuppressionReasons.OptedOut, decision.Reason);
        var row = await borrowers.FindPhoneAsync(lenderId, "hash-b1");
        Assert.Empty(row!.Caps);
        Assert.Equal(["b-1"], row.BorrowerIds);
    }

    [Fact]
    public async Task TableCapLedger_ClaimOnACurrentStatus_KeepsTheNumbersOptOutFieldsAndAStopAfterwardKeepsTheSlot()
    {
        var (lenderId, borrowers, ledger) = await OneBorrowerOnItsNumberAsync();
        var current = await borrowers.FindPhoneAsync(lenderId, "hash-b1");

        var decision = await ledger.ReserveAsync(lenderId, "hash-b1", "job-1", T3Morning, current, _ => EligibilityDecision.Send);
        var afterClaim = await borrowers.FindPhoneAsync(lenderId, "hash-b1");
        Assert.True(await borrowers.TrySavePhoneAsync(afterClaim! with { OptedOut = true, OptedOutAt = T3Morning }));

        Assert.Equal(Verdict.Send, decision.Verdict);
        var row = await borrowers.FindPhoneAsync(lenderId, "hash-b1");
        Assert.Equal(["b-1"], row!.BorrowerIds);
        Assert.True(row.OptedOut);
        Assert.Equal("job-1", Assert.Single(row.Caps).JobId);
    }

    private sealed class RecordingOutbox : IOutbox
    {
        public List<OutboxMessage> Messages { get; } = [];

        public Task EnqueueAsync(OutboxMessage message, TimeSpan delay = default, CancellationToken cancellationToken = default)
        {
            Messages.Add(message);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingJobQueue : IJobQueue
    {
        public List<ReminderJobBatch> Batches { get; } = [];

        public Task EnqueueAsync(ReminderJobBatch batch, TimeSpan delay = default, CancellationToken cancellationToken = default)
        {
            Batches.Add(batch);
            return Task.CompletedTask;
        }
    }
}
