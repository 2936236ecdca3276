using Dunning.Core;
using NCrontab;

namespace Dunning.Local.Pipeline;

/// <summary>The scan's NCRONTAB schedule (the same constant the Functions timer uses), evaluated in UTC.</summary>
public static class ScanSchedule
{
    private static readonly CrontabSchedule Schedule =
        CrontabSchedule.Parse(PipelineNames.ScanSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public static DateTimeOffset NextAfter(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(Schedule.GetNextOccurrence(instant.UtcDateTime), DateTimeKind.Utc));
}
