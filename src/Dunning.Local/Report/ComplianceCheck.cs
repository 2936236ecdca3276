using Dunning.Core;

namespace Dunning.Local.Report;

/// <summary>One message as the ACS emulator recorded it, reduced to what the compliance check needs.</summary>
public sealed record SentMessage(string To, Stage Stage, string? AccountKey, DateTimeOffset At);

/// <summary>The promises the compliance table checks: local send hours and caps, as a borrower would count them.</summary>
public sealed record ComplianceRules
{
    public TimeOnly AllowedFrom { get; init; } = new(8, 0);

    public TimeOnly AllowedUntil { get; init; } = new(21, 0);

    public int MaxPerLocalDay { get; init; } = 1;

    public int MaxPerRolling7Days { get; init; } = 3;
}

/// <summary>Counts of messages that broke a promise; all zero is the only good answer.</summary>
public sealed record ComplianceFigures(int Messages, int InQuietHours, int OverDailyCap, int OverWeeklyCap, int AfterOptOut, int AfterPayment)
{
    public int Violations => InQuietHours + OverDailyCap + OverWeeklyCap + AfterOptOut + AfterPayment;
}

/// <summary>One message that broke one rule.</summary>
public sealed record ComplianceBreach(string Rule, SentMessage Message, DateTime LocalTime);

/// <summary>
/// Checks what was actually sent (the emulator's record), not what the pipeline says it did, against the borrower's
/// own clock and the simulation's knowledge of opt-outs and payments. Answers to a borrower's own message are
/// exempt from quiet hours, caps and the payment rule (a "PAID" reply gets an acknowledgement), as the design says;
/// they are counted as messages but break none of these rules. A thank-you is about a payment, so only collection
/// stages count "after payment".
/// </summary>
public static class ComplianceCheck
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public const string QuietHoursRule = "quiet-hours";
    public const string DailyCapRule = "over-daily-cap";
    public const string WeeklyCapRule = "over-7-day-cap";
    public const string OptOutRule = "after-opt-out";
    public const string PaymentRule = "after-payment";

    public static ComplianceFigures Check(
        IReadOnlyList<SentMessage> sent,
        Func<string, TimeZoneInfo> zoneOf,
        IReadOnlyDictionary<string, DateTimeOffset> optedOutAtByPhone,
        IReadOnlyDictionary<string, DateTimeOffset> paidAtByAccount,
        ComplianceRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var breaches = FindBreaches(sent, zoneOf, optedOutAtByPhone, paidAtByAccount, rules);
        int Count(string rule) => breaches.Count(b => b.Rule == rule);
        return new ComplianceFigures(sent.Count, Count(QuietHoursRule), Count(DailyCapRule), Count(WeeklyCapRule), Count(OptOutRule), Count(PaymentRule));
    }

    public static IReadOnlyList<ComplianceBreach> FindBreaches(
        IReadOnlyList<SentMessage> sent,
        Func<string, TimeZoneInfo> zoneOf,
        IReadOnlyDictionary<string, DateTimeOffset> optedOutAtByPhone,
        IReadOnlyDictionary<string, DateTimeOffset> paidAtByAccount,
        ComplianceRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(zoneOf);
        ArgumentNullException.ThrowIfNull(optedOutAtByPhone);
        ArgumentNullException.ThrowIfNull(paidAtByAccount);
        rules ??= new ComplianceRules();
        DateTime Local(SentMessage m) => TimeZoneInfo.ConvertTime(m.At, zoneOf(m.To)).DateTime;
        var breaches = new List<ComplianceBreach>();
        foreach (var m in sent.Where(m => m.Stage.Tone != Tone.Reply))
        {
            var local = TimeOnly.FromDateTime(Local(m));
            if (local < rules.AllowedFrom || local >= rules.AllowedUntil)
            {
                breaches.Add(new ComplianceBreach(QuietHoursRule, m, Local(m)));
            }
        }

        var counted = sent.Where(m => m.Stage.Tone != Tone.Reply).OrderBy(m => m.At).ToList();
        foreach (var day in counted.GroupBy(m => (m.To, Date: DateOnly.FromDateTime(Local(m)))))
        {
            breaches.AddRange(day.Skip(rules.MaxPerLocalDay).Select(m => new ComplianceBreach(DailyCapRule, m, Local(m))));
        }

        foreach (var byPhone in counted.GroupBy(m => m.To))
        {
            var messages = byPhone.ToList();
            for (var i = 0; i < messages.Count; i++)
            {
                // Messages in (t - 7 days, t], this one included.
                var inWindow = messages.Take(i + 1).Count(other => other.At > messages[i].At - Week);
                if (inWindow > rules.MaxPerRolling7Days)
                {
                    breaches.Add(new ComplianceBreach(WeeklyCapRule, messages[i], Local(messages[i])));
                }
            }
        }

        breaches.AddRange(counted
            .Where(m => optedOutAtByPhone.TryGetValue(m.To, out var optedOut) && m.At > optedOut)
            .Select(m => new ComplianceBreach(OptOutRule, m, Local(m))));
        breaches.AddRange(counted
            .Where(m => m.Stage.IsCollection && m.AccountKey is not null && paidAtByAccount.TryGetValue(m.AccountKey, out var paid) && m.At >= paid)
            .Select(m => new ComplianceBreach(PaymentRule, m, Local(m))));
        return breaches;
    }
}
