using Dunning.Core.Eligibility;
using Dunning.Core.Installments;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Core.Tests.Jobs;

public sealed class ScanDueInstallmentsHandlerTests
{
    private const string LenderId = "acme";
    private readonly InMemoryInstallmentStore installments = new();
    private readonly RecordingJobQueue jobs = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)); // 10:00 in Shanghai

    private ScanDueInstallmentsHandler Handler(LenderSettings? lender = null) => new(
        new InMemoryLenderDirectory(lender ?? LenderSettings.DefaultFor(LenderId)), installments, jobs, time, NullLogger<ScanDueInstallmentsHandler>.Instance);

    private static Installment Due(DateOnly date, string loan = "L1", string zone = "Asia/Shanghai") => new()
    {
        LenderId = LenderId, LoanId = loan, InstallmentNo = 1, BorrowerId = "B1", AmountDue = Money.Of(100m, "CNY"),
        DueDate = date, Consent = true, TimeZone = zone,
    };

    [Fact]
    public async Task HandleAsync_InstallmentThreeDaysAhead_QueuesItsTMinus3Job()
    {
        installments.Put(Due(new DateOnly(2026, 11, 26)));

        await Handler().HandleAsync();

        var job = Assert.Single(jobs.Jobs);
        Assert.Equal("T-3", job.Stage);
        Assert.Equal("acme:L1:1:T-3", job.JobId);
    }

    [Fact]
    public async Task HandleAsync_TwoScansSameDay_QueueOneSetOfJobs()
    {
        installments.Put(Due(new DateOnly(2026, 11, 26)));
        installments.Put(Due(new DateOnly(2026, 11, 16), loan: "L2"));

        await Handler().HandleAsync();
        await Handler().HandleAsync();

        Assert.Equal(["acme:L1:1:T-3", "acme:L2:1:T+7"], jobs.Jobs.Select(j => j.JobId).Order());
    }

    [Fact]
    public async Task HandleAsync_PaidOrNonConsentingInstallment_YieldsNoJob()
    {
        installments.Put(Due(new DateOnly(2026, 11, 26)) with { AmountPaid = 100m });
        installments.Put(Due(new DateOnly(2026, 11, 26), loan: "L2") with { Consent = false });

        await Handler().HandleAsync();

        Assert.Empty(jobs.Jobs);
    }

    [Fact]
    public async Task HandleAsync_QueriesOnlyTheDueDatesOfTodaysStages()
    {
        installments.Put(Due(new DateOnly(2026, 11, 27)));

        var summary = await Handler().HandleAsync();

        // 9 stages x at most 2 local dates in use on Earth.
        var expected = ScanDueInstallmentsHandler.DueDatesToRead(time.GetUtcNow(), Stage.DefaultCadence.Select(s => s.OffsetDays));
        Assert.Equal(expected.Order(), installments.QueriedDueDates.Order());
        Assert.True(installments.QueriedDueDates.Count <= 18);
        Assert.DoesNotContain(new DateOnly(2026, 11, 27), installments.QueriedDueDates); // T-4 is no stage
        Assert.Empty(jobs.Jobs);
        Assert.Equal(expected.Count, summary.PartitionsRead);
    }

    [Fact]
    public async Task HandleAsync_StageCountsFromTheBorrowersLocalDate()
    {
        // 02:00 UTC on 23 Nov: still 22 Nov in New York, already 23 Nov in Shanghai.
        installments.Put(Due(new DateOnly(2026, 11, 23), loan: "NY", zone: "America/New_York"));
        installments.Put(Due(new DateOnly(2026, 11, 23), loan: "SH", zone: "Asia/Shanghai"));

        await Handler().HandleAsync();

        Assert.Equal(["acme:NY:1:T-1", "acme:SH:1:T0"], jobs.Jobs.Select(j => j.JobId).Order());
    }

    [Fact]
    public async Task HandleAsync_StageNotInLendersCadence_IsNotQueued()
    {
        installments.Put(Due(new DateOnly(2026, 11, 26)));

        await Handler(LenderSettings.DefaultFor(LenderId) with { Stages = ["T0", "T+1"] }).HandleAsync();

        Assert.Empty(jobs.Jobs);
    }

    [Fact]
    public async Task HandleAsync_ManyDueInstallments_BatchesAtMost32JobsPerMessage()
    {
        for (var i = 0; i < 70; i++)
        {
            installments.Put(Due(new DateOnly(2026, 11, 26), loan: $"L{i}"));
        }

        var summary = await Handler().HandleAsync();

        Assert.Equal(70, summary.JobsEnqueued);
        Assert.Equal([32, 32, 6], jobs.Messages.Select(m => m.Batch.Jobs.Count));
    }

    [Fact]
    public async Task HandleAsync_LenderWithSendTimesAtLocalMidnight_EachJobWaitsOnTheQueueForItsOwnMinuteInTheSpans()
    {
        time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 0, 5, 0, TimeSpan.FromHours(8)));
        for (var i = 0; i < 70; i++)
        {
            installments.Put(Due(new DateOnly(2026, 11, 27), loan: $"L{i}"));
        }

        var lender = LenderSettings.DefaultFor(LenderId) with { SendTimes = RegionDefaults.China.SendTimes };
        await Handler(lender).HandleAsync();

        var now = time.GetUtcNow();
        var waits = jobs.Messages.SelectMany(m => m.Batch.Jobs.Select(job => (job, At: TimeOnly.FromTimeSpan((now + m.Delay).ToOffset(TimeSpan.FromHours(8)).TimeOfDay)))).ToList();
        Assert.Equal(70, waits.Count);
        Assert.All(waits, w => Assert.Contains(lender.SendTimes, span => span.From <= w.At && w.At < span.Until));
        Assert.True(waits.Select(w => w.At).Distinct().Count() > 50, "the jobs spread over the spans' minutes");

        // The minute the queue holds a job to is the one personalize would: a redelivery there finds it due.
        var (job, at) = waits[0];
        var window = SendWindow.For(lender, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var day = new DateOnly(2026, 11, 24);
        Assert.Equal(at, TimeOnly.FromDateTime(window.LocalTime(SendSlots.On(job.SlotKey, day, window.StartOfLocalDay(day), lender.SendTimes, window)!.Value)));
    }

    [Theory]
    [InlineData("2026-01-31", -1, "2026-02-01")]
    [InlineData("2028-03-01", 1, "2028-02-29")]
    [InlineData("2027-03-01", 1, "2027-02-28")]
    [InlineData("2026-12-31", -7, "2027-01-07")]
    [InlineData("2026-03-30", 30, "2026-02-28")]
    public void Stage_DueDateOn_CrossesMonthEndsAndLeapDays(string today, int offset, string expectedDue)
    {
        Assert.Equal(DateOnly.Parse(expectedDue), Stage.AtOffset(offset).DueDateOn(DateOnly.Parse(today)));
    }
}
