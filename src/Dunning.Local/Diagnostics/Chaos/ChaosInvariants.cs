using Dunning.AcsEmulator;
using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;

namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>
/// Checks the borrower-facing invariants from what reached ACS and what the ledger says, never from the
/// pipeline's own counters: a bug that miscounts cannot hide a breach.
/// </summary>
public static class ChaosInvariants
{
    private const int MaxExamples = 20;
    private static readonly TimeSpan RollingWindow = TimeSpan.FromDays(7);

    public static ChaosFindings Check(ChaosObservations observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var examples = new List<string>();
        void Example(string text)
        {
            if (examples.Count < MaxExamples)
            {
                examples.Add(text);
            }
        }

        var duplicates = 0;
        foreach (var group in observed.Delivered.GroupBy(d => d.Tag ?? "(untagged) " + d.To + " " + d.Text, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            duplicates += group.Count() - 1;
            Example($"duplicate: {group.Key} reached the phone {group.Count()} times");
        }

        var lost = CountLost(observed, Example);

        var scheduled = observed.Delivered.Select(d => (Sms: d, Tag: JobTag.Parse(d.Tag))).Where(x => !x.Tag.IsReply).ToList();
        var afterOptOut = 0;
        var afterPayment = 0;
        var quiet = 0;
        foreach (var (sms, tag) in scheduled)
        {
            if (observed.OptedOutAtByPhone.TryGetValue(sms.To, out var optedOutAt) && sms.AcceptedAt > optedOutAt)
            {
                afterOptOut++;
                Example($"after opt-out: {sms.Tag} accepted {sms.AcceptedAt:O}, opted out {optedOutAt:O}");
            }

            if (!tag.IsThankYou && tag.InstallmentKey is { } key && observed.PaidAtByInstallment.TryGetValue(key, out var paidAt) && sms.AcceptedAt > paidAt)
            {
                afterPayment++;
                Example($"after payment: {sms.Tag} accepted {sms.AcceptedAt:O}, paid {paidAt:O}");
            }

            var local = TimeOnly.FromDateTime(LocalTime(sms, observed));
            if (!observed.SendWindow.Allows(local))
            {
                quiet++;
                Example($"quiet hours: {sms.Tag} at {local:HH:mm} borrower-local");
            }
        }

        var (overDay, overWeek) = CountOverCaps(scheduled.Select(x => x.Sms), observed, Example);
        var overSenderLimit = 0;
        foreach (var minute in SenderMinutes(observed.Delivered, observed.SenderThroughput).Where(m => m.Count > m.Allowed))
        {
            overSenderLimit++;
            Example($"over sender limit: {minute.Sender} sent {minute.Count} in the minute from {minute.Start:O} (limit {minute.Limit}, allowed with burst {minute.Allowed})");
        }

        return new ChaosFindings(duplicates, lost, afterOptOut, afterPayment, quiet, overDay, overWeek, examples, overSenderLimit);
    }

    /// <summary>Each sender's busiest clock minute, against its limit.</summary>
    public static IReadOnlyList<SenderPeak> SenderPeaks(IEnumerable<DeliveredSms> delivered, SenderThroughputOptions settings) =>
        [.. SenderMinutes(delivered, settings)
            .GroupBy(m => m.Sender, StringComparer.Ordinal)
            .Select(g => g.MaxBy(m => m.Count)!)
            .OrderBy(m => m.Sender, StringComparer.Ordinal)
            .Select(m => new SenderPeak(m.Sender, m.Count, m.Limit, m.Allowed))];

    /// <summary>
    /// Messages ACS accepted per sender (alphanumeric ids together, as ACS counts them per resource) per clock minute,
    /// each with its limit and the most a token bucket's first burst allows over it.
    /// </summary>
    private static IEnumerable<(string Sender, DateTimeOffset Start, int Count, int Limit, int Allowed)> SenderMinutes(
        IEnumerable<DeliveredSms> delivered, SenderThroughputOptions settings) =>
        delivered
            .GroupBy(d => (Sender: SenderThroughputLimits.BucketKeyOf(d.From), Minute: d.AcceptedAt.UtcTicks / TimeSpan.TicksPerMinute))
            .Select(g =>
            {
                var limit = SenderThroughputLimits.PermitsPerMinute(g.First().From, settings);
                return (g.Key.Sender, new DateTimeOffset(g.Key.Minute * TimeSpan.TicksPerMinute, TimeSpan.Zero), g.Count(), limit, SenderTokenBucket.MostPerMinute(limit));
            });

    private static int CountLost(ChaosObservations observed, Action<string> example)
    {
        var byJob = observed.Ledger.GroupBy(r => r.JobId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var lost = 0;
        foreach (var jobId in observed.ExpectedJobIds.Union(byJob.Keys))
        {
            if (!byJob.TryGetValue(jobId, out var row))
            {
                lost++;
                example($"lost: {jobId} has no ledger row");
            }
            else if (row.State is not (SendState.Sent or SendState.Delivered or SendState.Failed or SendState.Suppressed))
            {
                lost++;
                example($"lost: {jobId} ended {row.State} (created {row.CreatedAt:O}, attempts {row.Attempts}, last attempt {row.LastAttemptAt:O}, reason {row.Reason})");
            }
        }

        return lost;
    }

    private static (int OverDay, int OverWeek) CountOverCaps(IEnumerable<DeliveredSms> scheduled, ChaosObservations observed, Action<string> example)
    {
        int overDay = 0, overWeek = 0;
        foreach (var borrower in scheduled.GroupBy(d => d.To, StringComparer.Ordinal))
        {
            var sends = borrower.OrderBy(d => d.AcceptedAt).ToList();
            foreach (var day in sends.GroupBy(d => DateOnly.FromDateTime(LocalTime(d, observed))).Where(g => g.Count() > observed.MaxMessagesPerDay))
            {
                overDay += day.Count() - observed.MaxMessagesPerDay;
                example($"over daily cap: {day.Count()} messages on {day.Key:yyyy-MM-dd} ({string.Join(", ", day.Select(d => d.Tag))})");
            }

            for (var i = 0; i < sends.Count; i++)
            {
                var at = sends[i].AcceptedAt;
                var inWindow = sends.Count(d => d.AcceptedAt > at - RollingWindow && d.AcceptedAt <= at);
                if (inWindow > observed.MaxMessagesPer7Days)
                {
                    overWeek++;
                    example($"over 7-day cap: {sends[i].Tag} was message {inWindow} in 7 days");
                }
            }
        }

        return (overDay, overWeek);
    }

    private static DateTime LocalTime(DeliveredSms sms, ChaosObservations observed)
    {
        var zoneId = observed.TimeZoneByPhone.TryGetValue(sms.To, out var id) ? id : "UTC";
        var zone = Dunning.Core.TimeZones.OrUtc(zoneId);
        return TimeZoneInfo.ConvertTime(sms.AcceptedAt, zone).DateTime;
    }
}
