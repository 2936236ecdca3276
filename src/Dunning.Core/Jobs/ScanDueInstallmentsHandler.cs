using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Jobs;

/// <summary>
/// The hourly scan. Each installment's stage is counted from its borrower's own local date, so the scan
/// reads the due dates of today's stages for every local "today" on Earth right now (at most two dates)
/// and nothing else: its cost follows the installments due, not the size of the book.
/// </summary>
public sealed partial class ScanDueInstallmentsHandler(
    ILenderDirectory lenders,
    IInstallmentStore installments,
    IJobQueue jobs,
    TimeProvider time,
    ILogger<ScanDueInstallmentsHandler> logger) : IScanDueInstallmentsHandler
{
    private const int MaxConcurrencyRetries = 5;

    // UTC-12 (Baker Island) to UTC+14 (Kiribati): every local date in use at this instant.
    private static readonly TimeSpan WestmostOffset = TimeSpan.FromHours(-12);
    private static readonly TimeSpan EastmostOffset = TimeSpan.FromHours(14);

    public async Task<ScanSummary> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var (stagesByLender, settingsByLender) = await LoadStagesAsync(cancellationToken);
        var offsets = stagesByLender.Values.SelectMany(s => s.Values).Select(s => s.OffsetDays).ToHashSet();
        var dueDates = DueDatesToRead(now, offsets);

        int read = 0, enqueued = 0, messages = 0;
        var pending = new List<(ReminderJob Job, Installment Installment, TimeSpan Delay)>(PipelineNames.JobsPerMessage);
        foreach (var dueDate in dueDates)
        {
            await foreach (var installment in installments.QueryDueAsync(dueDate, cancellationToken))
            {
                read++;
                if (JobFor(installment, now, stagesByLender) is not { } job)
                {
                    continue;
                }

                pending.Add((job, installment, DelayUntilSlot(job, installment, settingsByLender[installment.LenderId], now)));
                if (pending.Count == PipelineNames.JobsPerMessage)
                {
                    var (jobCount, messageCount) = await FlushAsync(pending, cancellationToken);
                    (enqueued, messages) = (enqueued + jobCount, messages + messageCount);
                }
            }
        }

        if (pending.Count > 0)
        {
            var (jobCount, messageCount) = await FlushAsync(pending, cancellationToken);
            (enqueued, messages) = (enqueued + jobCount, messages + messageCount);
        }

        LogScanned(dueDates.Count, read, enqueued, messages);
        return new ScanSummary(now, read, enqueued, messages, dueDates.Count);
    }

    /// <summary>The due dates whose installments are at one of <paramref name="stageOffsets"/> somewhere on Earth at <paramref name="now"/>.</summary>
    public static IReadOnlyList<DateOnly> DueDatesToRead(DateTimeOffset now, IEnumerable<int> stageOffsets)
    {
        var localDates = LocalDatesInUse(now);
        return [.. stageOffsets.SelectMany(offset => localDates.Select(date => date.AddDays(-offset))).Distinct().Order()];
    }

    public static IReadOnlyList<DateOnly> LocalDatesInUse(DateTimeOffset now)
    {
        var first = DateOnly.FromDateTime(now.ToOffset(WestmostOffset).DateTime);
        var last = DateOnly.FromDateTime(now.ToOffset(EastmostOffset).DateTime);
        return first == last ? [first] : [first, last];
    }

    /// <summary>The job this installment owes right now, if any: its local-date stage, configured, not yet queued.</summary>
    public static ReminderJob? JobFor(Installment installment, DateTimeOffset now, IReadOnlyDictionary<string, IReadOnlyDictionary<int, Stage>> stagesByLender)
    {
        if (installment.IsPaid || !installment.Consent
            || !stagesByLender.TryGetValue(installment.LenderId, out var stages))
        {
            return null;
        }

        var localToday = installment.LocalDateOf(now);
        var offset = localToday.DayNumber - installment.DueDate.DayNumber;
        if (!stages.TryGetValue(offset, out var stage) || installment.EnqueuedStages.Contains(stage.Name))
        {
            return null;
        }

        return new ReminderJob
        {
            LenderId = installment.LenderId,
            LoanId = installment.LoanId,
            InstallmentNo = installment.InstallmentNo,
            Stage = stage.Name,
            DueDate = installment.DueDate,
            CreatedAt = now,
        };
    }

    public static DateOnly LocalDate(DateTimeOffset now, string timeZoneId) => TimeZones.LocalDate(now, timeZoneId);

    /// <summary>
    /// How long the job waits on the queue before personalize first sees it: until its minute in the lender's send-time
    /// spans on the first day the window opens, the same minute personalize would hold it to. A job found at local
    /// midnight then costs one personalize pass instead of two; zero when the lender has no spans.
    /// </summary>
    public static TimeSpan DelayUntilSlot(ReminderJob job, Installment installment, LenderSettings settings, DateTimeOffset now)
    {
        if (settings.SendTimes.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var window = Eligibility.SendWindow.For(settings, Eligibility.SendWindow.ResolveTimeZone(installment.TimeZone, settings.DefaultTimeZone));
        if (window.NextAllowed(now) is not { } opens)
        {
            return TimeSpan.Zero;
        }

        var slot = Eligibility.SendSlots.On(job.SlotKey, window.LocalDate(opens), opens > job.CreatedAt ? opens : job.CreatedAt, settings.SendTimes, window);
        var delay = slot > now ? slot.Value - now : TimeSpan.Zero;
        return delay > PersonalizeReminderHandler.MaxDelay ? PersonalizeReminderHandler.MaxDelay : delay;
    }

    private async Task<(Dictionary<string, IReadOnlyDictionary<int, Stage>> Stages, Dictionary<string, LenderSettings> Settings)> LoadStagesAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<int, Stage>>(StringComparer.Ordinal);
        var settingsByLender = new Dictionary<string, LenderSettings>(StringComparer.Ordinal);
        foreach (var lenderId in await lenders.ListLenderIdsAsync(cancellationToken))
        {
            if (await lenders.FindAsync(lenderId, cancellationToken) is { } settings)
            {
                settingsByLender[lenderId] = settings;
                result[lenderId] = settings.Stages
                    .Select(name => Stage.TryParse(name, out var stage) ? stage : (Stage?)null)
                    .OfType<Stage>()
                    .Where(stage => stage.IsCollection)
                    .DistinctBy(stage => stage.OffsetDays)
                    .ToDictionary(stage => stage.OffsetDays);
            }
        }

        return (result, settingsByLender);
    }

    /// <summary>
    /// Queues the jobs, then records each stage on its installment. In that order: a crash in between
    /// re-queues the same job ids next hour, which the ledger collapses; the other order could lose them.
    /// </summary>
    /// <remarks>Jobs that wait for the same minute share a queue message; the jobs of a lender without spans all wait for none.</remarks>
    private async Task<(int Jobs, int Messages)> FlushAsync(List<(ReminderJob Job, Installment Installment, TimeSpan Delay)> pending, CancellationToken cancellationToken)
    {
        var messages = 0;
        foreach (var group in pending.GroupBy(p => p.Delay))
        {
            await jobs.EnqueueAsync(new ReminderJobBatch([.. group.Select(p => p.Job)]), group.Key, cancellationToken);
            messages++;
        }

        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (item, ct) => await MarkEnqueuedAsync(item.Installment, item.Job.Stage, ct));
        var count = pending.Count;
        pending.Clear();
        return (count, messages);
    }

    private async Task MarkEnqueuedAsync(Installment installment, string stage, CancellationToken cancellationToken)
    {
        var current = installment;
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            if (current.EnqueuedStages.Contains(stage))
            {
                return;
            }

            var marked = current with { EnqueuedStages = new HashSet<string>(current.EnqueuedStages.Append(stage), StringComparer.Ordinal) };
            if (await installments.TryUpdateAsync(marked, cancellationToken))
            {
                return;
            }

            if (await installments.GetAsync(installment.Key, cancellationToken) is not { } reloaded)
            {
                return;
            }

            current = reloaded;
        }

        LogMarkGaveUp(stage);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Scan read {DueDates} due dates, {Installments} installments; enqueued {Jobs} jobs in {Messages} messages")]
    private partial void LogScanned(int dueDates, int installments, int jobs, int messages);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Could not record stage {Stage} on an installment after repeated conflicts; the next scan may queue it again (the ledger deduplicates)")]
    private partial void LogMarkGaveUp(string stage);
}
