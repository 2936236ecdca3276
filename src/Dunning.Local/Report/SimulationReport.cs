namespace Dunning.Local.Report;

/// <summary>All the numbers of a simulation, as report.json holds them and report.html shows them.</summary>
public sealed record SimulationReport
{
    public string Note { get; init; } =
        "Simulated outcomes: every payment and reply here comes from the seeded behaviour model, not from real borrowers. "
        + "Messages, suppressions and timing come from the real pipeline running on a virtual clock.";

    public required ReportRun Run { get; init; }

    public required IReadOnlyList<PolicyReport> Policies { get; init; }

    public required IReadOnlyList<ExperimentReport> Experiments { get; init; }
}

public sealed record ReportRun(int Borrowers, int Days, int Seed, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> TimeZones, object Model);

public sealed record Funnel(int Jobs, int Sent, int Delivered, int PaidWithin3Days);

public sealed record PolicyReport
{
    public required string Policy { get; init; }

    public required string Title { get; init; }

    public required string LenderId { get; init; }

    public int RowsUploaded { get; init; }

    public int RowsRejected { get; init; }

    /// <summary>Collection messages only: jobs in the ledger, sent to ACS, delivery confirmed, and accounts that paid within 3 days of one.</summary>
    public required Funnel Funnel { get; init; }

    /// <summary>Messages the ACS emulator accepted, per simulated day, by stage (THANKS and REPLY included).</summary>
    public required IReadOnlyDictionary<string, int[]> MessagesPerDayByStage { get; init; }

    public required IReadOnlyList<double> OverdueRateByDay { get; init; }

    public required IReadOnlyDictionary<string, int> RepliesByIntent { get; init; }

    public required int[] SendsByLocalHour { get; init; }

    /// <summary>Messages by borrower-local minute of the day (0 = 00:00 … 1439 = 23:59), every message the emulator accepted.</summary>
    public required int[] SendsByLocalMinute { get; init; }

    /// <summary>The local minute most messages went out in, as "HH:mm", and its share of all messages (0–1).</summary>
    public required string BusiestLocalMinute { get; init; }

    public required double BusiestMinuteShare { get; init; }

    /// <summary>The lender's send-time spans, as written in its settings ("10:00–12:00").</summary>
    public IReadOnlyList<string> SendTimes { get; init; } = [];

    /// <summary>Most messages accepted in one real minute (one instant, not a minute of the day), and what the lender's sender numbers take in a minute at the default per-number limit.</summary>
    public int PeakMessagesPerMinute { get; init; }

    public int SenderCapacityPerMinute { get; init; }

    public required int Messages { get; init; }

    public required int Segments { get; init; }

    public required decimal Cost { get; init; }

    public required string Currency { get; init; }

    public required IReadOnlyDictionary<string, int> LedgerStates { get; init; }

    public required IReadOnlyDictionary<string, int> SuppressedByReason { get; init; }

    public required int AccountsPaid { get; init; }

    public required double FinalOverdueRate { get; init; }

    public required ComplianceFigures Compliance { get; init; }

    /// <summary>Up to 20 breaches, by account and stage (no phone numbers), so a non-zero figure can be traced.</summary>
    public required IReadOnlyList<BreachExample> BreachExamples { get; init; }
}

public sealed record BreachExample(string Rule, string? Account, string Stage, DateTimeOffset At, DateTime LocalTime);

public sealed record ExperimentReport(string Id, string Stage, string Mode, IReadOnlyList<VariantReport> Variants);

public sealed record VariantReport(
    string Name,
    string? TemplateName,
    int? SendHour,
    int Messages,
    int PaidWithin3Days,
    double Rate,
    double Low,
    double High,
    double? Uplift,
    double? UpliftLow,
    double? UpliftHigh);
