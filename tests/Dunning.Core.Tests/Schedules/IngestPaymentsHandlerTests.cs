using System.Text;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Schedules;
using Dunning.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Core.Tests.Schedules;

public sealed class IngestPaymentsHandlerTests
{
    private const string LenderId = "acme";
    private readonly InMemoryInstallmentStore installments = new();
    private readonly InMemoryBorrowerDirectory borrowers = new();
    private readonly RecordingJobQueue jobs = new();
    private readonly RecordingResultStore results = new();
    private readonly IngestPaymentsHandler handler;

    public IngestPaymentsHandlerTests()
    {
        installments.Put(new Installment
        {
            LenderId = LenderId, LoanId = "L1", InstallmentNo = 1, BorrowerId = "B1",
            AmountDue = Money.Of(100m, "CNY"), DueDate = new DateOnly(2026, 12, 1), Consent = true, TimeZone = "Asia/Shanghai",
        });
        handler = new IngestPaymentsHandler(new InMemoryLenderDirectory(LenderSettings.DefaultFor(LenderId)), installments, borrowers,
            jobs, results, new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero)), NullLogger<IngestPaymentsHandler>.Instance);
    }

    private Task<IngestSummary> IngestAsync(params string[] rows) =>
        handler.HandleAsync(LenderId, "pay.csv", new MemoryStream(Encoding.UTF8.GetBytes("loan_id,installment_no,amount_paid,paid_at\n" + string.Join("\n", rows))));

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("  \r\n\t\n")]
    public async Task HandleAsync_EmptyFile_FileReasonNamesEveryRequiredColumn(string content)
    {
        var summary = await handler.HandleAsync(LenderId, "pay.csv", new MemoryStream(Encoding.UTF8.GetBytes(content)));

        Assert.NotNull(summary.FileError);
        Assert.All(PaymentColumns.Required, column => Assert.Contains(column, summary.FileError));
        Assert.Equal(summary.FileError, results.Last.FileError);
        Assert.Empty(jobs.Jobs);
    }

    [Fact]
    public async Task HandleAsync_FullPaymentBeforeDueDate_MarksPaidAndQueuesOneThankYou()
    {
        await IngestAsync("L1,1,100.00,2026-11-30T10:00:00+08:00");

        var installment = Assert.Single(installments.All);
        Assert.True(installment.IsPaid);
        Assert.Equal(Stage.ThankYouName, Assert.Single(jobs.Jobs).Stage);
    }

    [Fact]
    public async Task HandleAsync_PaidAtWithATime_NotesTheBorrowersLocalHourButADateAloneDoesNot()
    {
        await borrowers.UpsertManyAsync([new Dunning.Core.Borrowers.Borrower
        {
            LenderId = LenderId, BorrowerId = "B1", Name = "张三", PhoneE164 = "+8613800138000", PhoneHash = "h1",
            TimeZone = "Asia/Shanghai", Language = Languages.Chinese, Consent = true,
        }]);

        await IngestAsync("L1,1,10.00,2026-11-29");
        Assert.Null(Assert.Single(borrowers.All).PreferredHour);

        // 11:47 UTC is 19:47 in Shanghai; a partial payment teaches the hour as well as a full one.
        await IngestAsync("L1,1,10.00,2026-11-29T11:47:00Z");
        Assert.Equal(19, Assert.Single(borrowers.All).PreferredHour);
        Assert.Equal(0, Assert.Single(borrowers.All).OnTimePayments);
    }

    [Fact]
    public async Task HandleAsync_PartialPayment_LowersOutstandingWithoutThanks()
    {
        await IngestAsync("L1,1,40.00,2026-11-30");

        var installment = Assert.Single(installments.All);
        Assert.False(installment.IsPaid);
        Assert.Equal(60m, installment.Outstanding.Amount);
        Assert.Empty(jobs.Jobs);
    }

    [Fact]
    public async Task HandleAsync_SameFileTwice_AppliesThePaymentOnce()
    {
        await IngestAsync("L1,1,40.00,2026-11-30");
        var again = await IngestAsync("L1,1,40.00,2026-11-30");

        Assert.Equal(40m, Assert.Single(installments.All).AmountPaid);
        Assert.Equal((0, 1), (again.Stored, again.Unchanged));
    }

    private Task<IngestSummary> IngestWithIdsAsync(params string[] rows) =>
        handler.HandleAsync(LenderId, "pay-ids.csv", new MemoryStream(Encoding.UTF8.GetBytes("loan_id,installment_no,amount_paid,paid_at,payment_id\n" + string.Join("\n", rows))));

    [Fact]
    public async Task HandleAsync_TwoIdenticalRowsInOneFile_AppliedOnceAndTheRepeatReportedAsADuplicate()
    {
        var summary = await IngestAsync("L1,1,50.00,2026-11-30", "L1,1,50.00,2026-11-30");

        Assert.Equal(50m, Assert.Single(installments.All).AmountPaid);
        Assert.Equal((1, 1, 0, 1), (summary.Stored, summary.Unchanged, summary.Rejected, summary.Duplicates));
        Assert.Null(summary.FileError);
        var duplicate = Assert.Single(results.Last.Errors);
        Assert.Equal(3L, duplicate.Line);
        Assert.Contains("duplicate of line 2", duplicate.Reason);
    }

    [Fact]
    public async Task HandleAsync_DoubleExportedFileThenReupload_OwedAmountChangesOnce()
    {
        string[] once = ["L1,1,30.00,2026-11-30T09:00:00Z", "L1,1,20.00,2026-11-30T10:00:00Z"];

        await IngestAsync([.. once, .. once]);
        var again = await IngestAsync(once);

        Assert.Equal(50m, Assert.Single(installments.All).Outstanding.Amount);
        Assert.Equal((0, 2), (again.Stored, again.Unchanged));
    }

    [Fact]
    public async Task HandleAsync_SameAmountAndTimeWithDifferentPaymentIds_BothApply()
    {
        var summary = await IngestWithIdsAsync("L1,1,50.00,2026-11-30,TX-1", "L1,1,50.00,2026-11-30,TX-2");

        Assert.Equal(100m, Assert.Single(installments.All).AmountPaid);
        Assert.Equal((2, 0), (summary.Stored, summary.Duplicates));
    }

    [Fact]
    public async Task HandleAsync_PaymentIdSeenInAnEarlierFile_IsNotAppliedAgain()
    {
        await IngestWithIdsAsync("L1,1,50.00,2026-11-30,TX-1");
        var later = await IngestWithIdsAsync("L1,1,50.00,2026-11-30T08:00:00+08:00,TX-1", "L1,1,10.00,2026-12-01,TX-3");

        Assert.Equal(60m, Assert.Single(installments.All).AmountPaid);
        Assert.Equal((1, 1), (later.Stored, later.Unchanged));
    }

    [Fact]
    public async Task HandleAsync_PaymentIdRepeatedWithAnotherAmount_FirstAppliedSecondRejected()
    {
        var summary = await IngestWithIdsAsync("L1,1,50.00,2026-11-30,TX-1", "L1,1,70.00,2026-11-30,TX-1");

        Assert.Equal(50m, Assert.Single(installments.All).AmountPaid);
        Assert.Equal((1, 1), (summary.Stored, summary.Rejected));
        Assert.Equal(("payment_id", 3L), (results.Last.Errors.Single().Column, results.Last.Errors.Single().Line));
    }

    [Fact]
    public async Task HandleAsync_RowWithoutPaymentId_RecognisesAPaymentAppliedBeforeThePaymentIdColumnExisted()
    {
        // What the previous release stored for the first of identical rows: hash of "loan|amount|paid_at|0".
        var appliedBefore = IngestScheduleHandler.KeyHash("L1|40.00|2026-11-30|0", 1).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var installment = installments.All.Single();
        installments.Put(installment with { AmountPaid = 40m, AppliedPayments = new HashSet<string>([appliedBefore], StringComparer.Ordinal) });

        var again = await IngestAsync("L1,1,40.00,2026-11-30");

        Assert.Equal(40m, installments.All.Single().AmountPaid);
        Assert.Equal((0, 1), (again.Stored, again.Unchanged));
    }

    [Fact]
    public async Task HandleAsync_LatePayment_MarksPaidWithoutThanks()
    {
        await IngestAsync("L1,1,100,2026-12-05T09:00:00+08:00");

        Assert.True(Assert.Single(installments.All).IsPaid);
        Assert.Empty(jobs.Jobs);
    }

    [Fact]
    public async Task HandleAsync_UnknownInstallmentAndBadAmount_AreReportedPerRow()
    {
        var summary = await IngestAsync("L9,1,10,2026-11-30", "L1,1,abc,2026-11-30", "L1,1,10,2026-11-30");

        Assert.Equal(1, summary.Stored);
        Assert.Equal(2, summary.Rejected);
        Assert.Equal([2L, 3L], results.Last.Errors.Select(e => e.Line));
    }
}
