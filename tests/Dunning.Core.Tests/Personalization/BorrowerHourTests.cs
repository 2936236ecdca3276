using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Tests.Events.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Core.Tests.Personalization;

/// <summary>A borrower's replies teach the pipeline their hour; later reminders aim at it inside the lender's window.</summary>
public sealed class BorrowerHourTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Fact]
    public async Task Reply_At19InTheEvening_LaterRemindersGoOutAt19xxInsteadOfTheLendersSpans()
    {
        // The borrower answers two reminders, both times in the 19:00 hour, Shanghai time.
        var harness = new EventsHarness();
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 19, 12, 0, Shanghai));
        await harness.PostReplyAsync("when can I call you", eventId: "evt-1", messageId: "Incoming_1");
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 19, 47, 0, Shanghai));
        await harness.PostReplyAsync("ok thanks", eventId: "evt-2", messageId: "Incoming_2");
        var learned = (await harness.Borrowers.GetAsync(EventsHarness.LenderId, EventsHarness.BorrowerId))!.PreferredHour;
        Assert.Equal(19, learned);

        var released = await ReleasedLocalTimesAsync(TestData.Borrower() with { PreferredHour = learned });
        Assert.All(released, at => Assert.Equal(19, at.Hour));
        Assert.True(released.Distinct().Count() > 10, "the hour's messages are still spread over its minutes");

        // Without the hour, the same jobs spread over the lender's spans, most of them outside 19:xx.
        var withoutHour = await ReleasedLocalTimesAsync(TestData.Borrower());
        Assert.True(withoutHour.Count(at => at.Hour != 19) > withoutHour.Count / 2);
    }

    [Fact]
    public async Task Reply_AtNight_TheHourIsKeptButRemindersStayInTheLendersSpans()
    {
        var released = await ReleasedLocalTimesAsync(TestData.Borrower() with { PreferredHour = 23 });

        Assert.All(released, at => Assert.Contains(RegionDefaults.China.SendTimes, span => span.From <= at && at < span.Until));
    }

    [Fact]
    public async Task Reply_StopOrWrongNumber_TeachesNoHour()
    {
        var harness = new EventsHarness();
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 19, 12, 0, Shanghai));

        await harness.PostReplyAsync("STOP");

        Assert.Null((await harness.Borrowers.GetAsync(EventsHarness.LenderId, EventsHarness.BorrowerId))!.PreferredHour);
    }

    [Fact]
    public void Note_SameHourAgain_NeedsNoWrite()
    {
        var borrower = TestData.Borrower() with { PreferredHour = 19 };

        Assert.Null(BorrowerHours.Note(borrower, new DateTimeOffset(2026, 12, 4, 19, 59, 0, Shanghai)));
        Assert.Equal(20, BorrowerHours.Note(borrower, new DateTimeOffset(2026, 12, 4, 20, 0, 0, Shanghai))!.PreferredHour);
    }

    /// <summary>Forty reminders found at 00:05 for this borrower: the local times personalize holds them until.</summary>
    private static async Task<List<TimeOnly>> ReleasedLocalTimesAsync(Borrower borrower)
    {
        var night = new DateTimeOffset(2026, 11, 27, 0, 5, 0, Shanghai);
        var directories = InMemoryDirectories.With(TestData.Lender() with { SendTimes = RegionDefaults.China.SendTimes }, borrower, TestData.Installment());
        var jobs = Enumerable.Range(0, 40).Select(i => TestData.Job("T-3", loanId: $"L-{i}")).ToList();
        foreach (var job in jobs)
        {
            directories.Installments[job.InstallmentKey] = TestData.Installment() with { LoanId = job.LoanId };
        }

        var time = new FakeTimeProvider(night);
        var queue = new RecordingJobQueue();
        var handler = new PersonalizeReminderHandler(
            directories, directories, directories, new SendEligibility(directories, directories, directories, new InMemoryCapLedger(), time),
            new TemplateCatalog(new InMemoryTemplateStore(), NullLogger<TemplateCatalog>.Instance),
            new RecordingOutbox(), queue, new InMemoryContactLog(), new Events.Fakes.InMemorySendLedger(), time, NullLogger<PersonalizeReminderHandler>.Instance);

        await handler.HandleAsync(new ReminderJobBatch(jobs));

        Assert.Equal(40, queue.Enqueued.Sum(e => e.Batch.Jobs.Count));
        return [.. queue.Enqueued.SelectMany(e => e.Batch.Jobs.Select(_ => TimeOnly.FromTimeSpan((night + e.Delay).ToOffset(Shanghai).TimeOfDay)))];
    }
}
