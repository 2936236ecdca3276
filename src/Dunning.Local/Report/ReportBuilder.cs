using Dunning.Core;
using Dunning.Core.Eligibility;
using Dunning.Core.Experiments;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Dunning.Local.Simulation;

namespace Dunning.Local.Report;

/// <summary>Turns a simulation's record into the report's numbers. Pure: the same result gives the same report.</summary>
public static class ReportBuilder
{
    public static SimulationReport Build(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var zoneByPhone = result.Book.GroupBy(b => b.Phone, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => SendWindow.ResolveTimeZone(g.First().TimeZone, "Asia/Shanghai"), StringComparer.Ordinal);
        TimeZoneInfo ZoneOf(string phone) => zoneByPhone.TryGetValue(phone, out var zone) ? zone : SendWindow.ResolveTimeZone("Asia/Shanghai", null);
        var days = result.Options.Days;

        var policies = result.Policies.Select(outcome => Policy(outcome, result, days, ZoneOf)).ToList();
        var experiments = result.Policies
            .Where(p => p.Settings.Experiments.Count > 0)
            .SelectMany(p => p.Settings.Experiments.Select(e => Experiment(e, p, result.EndedAt, result.Options.Model.ResponseWindowDays)))
            .ToList();
        return new SimulationReport
        {
            Run = new ReportRun(result.Book.Count, days, result.Options.Seed, result.StartedAt, result.EndedAt,
                [.. result.Book.Select(b => b.TimeZone).Distinct().Order(StringComparer.Ordinal)], result.Options.Model),
            Policies = policies,
            Experiments = experiments,
        };
    }

    /// <summary>Who got what and when: one line per message the emulator accepted, by account (no phone numbers or texts).</summary>
    public static string MessagesCsv(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var accountByPhone = result.Book.GroupBy(b => b.Phone, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var csv = new System.Text.StringBuilder("policy,account,time_zone,stage,sent_at_utc,sent_at_local\r\n");
        foreach (var outcome in result.Policies)
        {
            foreach (var sms in outcome.Sent.OrderBy(s => s.AcceptedAt).ThenBy(s => s.Tag, StringComparer.Ordinal))
            {
                var tag = JobTag.Parse(sms.Tag);
                accountByPhone.TryGetValue(sms.To, out var account);
                var zone = SendWindow.ResolveTimeZone(account?.TimeZone, "Asia/Shanghai");
                csv.Append(SimulationPolicies.Slug(outcome.Policy)).Append(',')
                   .Append(tag?.LoanId is null ? account?.Key : tag.AccountKey).Append(',')
                   .Append(zone.Id).Append(',')
                   .Append(tag?.Stage.Name).Append(',')
                   .Append(sms.AcceptedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                   .Append(TimeZoneInfo.ConvertTime(sms.AcceptedAt, zone).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    private static PolicyReport Policy(PolicyOutcome outcome, SimulationResult result, int days, Func<string, TimeZoneInfo> zoneOf)
    {
        var tagged = outcome.Sent.Select(s => (Sms: s, Tag: JobTag.Parse(s.Tag))).Where(t => t.Tag is not null).ToList();
        var perDay = tagged
            .GroupBy(t => t.Tag!.Stage.Name, StringComparer.Ordinal)
            .OrderBy(g => StageOrder(g.Key))
            .ToDictionary(g => g.Key, g =>
            {
                var counts = new int[days];
                foreach (var (sms, _) in g)
                {
                    var day = (int)Math.Floor((sms.AcceptedAt - result.StartedAt).TotalDays);
                    counts[Math.Clamp(day, 0, days - 1)]++;
                }

                return counts;
            }, StringComparer.Ordinal);

        var byHour = new int[24];
        foreach (var (sms, _) in tagged)
        {
            byHour[TimeZoneInfo.ConvertTime(sms.AcceptedAt, zoneOf(sms.To)).Hour]++;
        }

        var byMinute = new int[24 * 60];
        foreach (var sms in outcome.Sent)
        {
            var local = TimeZoneInfo.ConvertTime(sms.AcceptedAt, zoneOf(sms.To));
            byMinute[local.Hour * 60 + local.Minute]++;
        }

        var busiest = Array.IndexOf(byMinute, byMinute.Max());
        var collection = outcome.Ledger.Where(r => Stage.TryParse(r.Stage, out var stage) && stage.IsCollection).ToList();
        var funnel = new Funnel(
            collection.Count,
            collection.Count(r => r.WasSent),
            collection.Count(r => r.State == SendState.Delivered),
            outcome.Messages.Where(m => m.PaidWithinWindow).Select(m => m.AccountKey).Distinct(StringComparer.Ordinal).Count());
        var segments = outcome.Sent.Sum(s => SmsSegments.Measure(s.Text).Segments);
        var messages = tagged.Select(t => new SentMessage(t.Sms.To, t.Tag!.Stage, t.Tag.LoanId is null ? null : t.Tag.AccountKey, t.Sms.AcceptedAt)).ToList();
        var breaches = ComplianceCheck.FindBreaches(
            messages,
            zoneOf, outcome.OptedOutAt, outcome.PaidAt,
            new ComplianceRules
            {
                AllowedFrom = outcome.Settings.SendWindow.AllowedFrom,
                AllowedUntil = outcome.Settings.SendWindow.AllowedUntil,
                MaxPerLocalDay = outcome.Settings.MaxMessagesPerDay,
                MaxPerRolling7Days = outcome.Settings.MaxMessagesPer7Days,
            });
        int Count(string rule) => breaches.Count(b => b.Rule == rule);
        var compliance = new ComplianceFigures(messages.Count, Count(ComplianceCheck.QuietHoursRule), Count(ComplianceCheck.DailyCapRule),
            Count(ComplianceCheck.WeeklyCapRule), Count(ComplianceCheck.OptOutRule), Count(ComplianceCheck.PaymentRule));
        return new PolicyReport
        {
            Policy = SimulationPolicies.Slug(outcome.Policy),
            Title = SimulationPolicies.Title(outcome.Policy),
            LenderId = outcome.LenderId,
            RowsUploaded = outcome.Upload?.RowsRead ?? 0,
            RowsRejected = outcome.Upload?.Rejected ?? 0,
            Funnel = funnel,
            MessagesPerDayByStage = perDay,
            OverdueRateByDay = outcome.OverdueRateByDay,
            RepliesByIntent = new SortedDictionary<string, int>(outcome.RepliesByIntent.ToDictionary(), StringComparer.Ordinal),
            SendsByLocalHour = byHour,
            SendsByLocalMinute = byMinute,
            BusiestLocalMinute = $"{busiest / 60:D2}:{busiest % 60:D2}",
            SendTimes = [.. outcome.Settings.SendTimes.Select(span => span.ToString())],
            PeakMessagesPerMinute = outcome.Sent.Count == 0 ? 0 : outcome.Sent.GroupBy(sms => sms.AcceptedAt.UtcTicks / TimeSpan.TicksPerMinute).Max(g => g.Count()),
            SenderCapacityPerMinute = SendPacing.PerMinute(outcome.Settings),
            BusiestMinuteShare = outcome.Sent.Count == 0 ? 0 : (double)byMinute[busiest] / outcome.Sent.Count,
            Messages = outcome.Sent.Count,
            Segments = segments,
            Cost = segments * outcome.Settings.PricePerSegment,
            Currency = outcome.Settings.PriceCurrency,
            LedgerStates = new SortedDictionary<string, int>(outcome.Ledger.GroupBy(r => r.State.ToString()).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            SuppressedByReason = new SortedDictionary<string, int>(outcome.Ledger.Where(r => r.State == SendState.Suppressed)
                .GroupBy(r => r.Reason ?? "unknown").ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            AccountsPaid = outcome.PaidAt.Count,
            FinalOverdueRate = outcome.OverdueRateByDay.Count == 0 ? 0 : outcome.OverdueRateByDay[^1],
            Compliance = compliance,
            BreachExamples = [.. breaches.Take(20).Select(b => new BreachExample(b.Rule, b.Message.AccountKey, b.Message.Stage.Name, b.Message.At, b.LocalTime))],
        };
    }

    /// <summary>Only messages whose 3-day window closed inside the run count, so late arms are not penalised.</summary>
    private static ExperimentReport Experiment(ExperimentDefinition experiment, PolicyOutcome outcome, DateTimeOffset end, int windowDays)
    {
        var closed = outcome.Messages
            .Where(m => m.ExperimentId == experiment.Id && m.SentAt + TimeSpan.FromDays(windowDays) <= end)
            .ToList();
        var control = closed.Where(m => m.Variant == experiment.Control.Name).ToList();
        var controlPaid = control.Count(m => m.PaidWithinWindow);
        var variants = experiment.Variants.Select((variant, index) =>
        {
            var arm = closed.Where(m => m.Variant == variant.Name).ToList();
            var paid = arm.Count(m => m.PaidWithinWindow);
            var rate = ExperimentStatistics.Wilson(paid, arm.Count);
            Uplift? uplift = index == 0 ? null : ExperimentStatistics.UpliftVersusControl(paid, arm.Count, controlPaid, control.Count);
            return new VariantReport(variant.Name, variant.TemplateName, variant.SendHour, arm.Count, paid, rate.Rate, rate.Low, rate.High,
                uplift?.Difference, uplift?.Low, uplift?.High);
        }).ToList();
        return new ExperimentReport(experiment.Id, experiment.Stage, experiment.Mode.ToString(), variants);
    }

    private static int StageOrder(string name) => Stage.TryParse(name, out var stage)
        ? stage.IsCollection ? stage.OffsetDays : stage.Tone == Tone.ThankYou ? 1000 : 1001
        : 2000;
}
