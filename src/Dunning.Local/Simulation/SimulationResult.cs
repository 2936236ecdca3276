using Dunning.AcsEmulator;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;

namespace Dunning.Local.Simulation;

/// <summary>A collection message that reached its borrower, with what the behaviour model made of it.</summary>
public sealed record MessageOutcome(
    string JobId,
    string AccountKey,
    string Stage,
    DateTimeOffset SentAt,
    int LocalHour,
    string? ExperimentId,
    string? Variant,
    bool PaidWithinWindow);

/// <summary>Everything one policy's run left behind: the emulator's record for its lender, its ledger, and the model's view.</summary>
public sealed record PolicyOutcome
{
    public required SimulationPolicy Policy { get; init; }

    public required LenderSettings Settings { get; init; }

    public IngestSummary? Upload { get; init; }

    /// <summary>Every message the ACS emulator accepted for this lender (collection, thank-you and replies).</summary>
    public required IReadOnlyList<DeliveredSms> Sent { get; init; }

    /// <summary>Collection messages delivered to reachable numbers.</summary>
    public required IReadOnlyList<MessageOutcome> Messages { get; init; }

    public required IReadOnlyList<SendRecord> Ledger { get; init; }

    /// <summary>When each account paid (account key → instant), for payments within the run.</summary>
    public required IReadOnlyDictionary<string, DateTimeOffset> PaidAt { get; init; }

    /// <summary>When each phone replied STOP.</summary>
    public required IReadOnlyDictionary<string, DateTimeOffset> OptedOutAt { get; init; }

    public required IReadOnlyDictionary<string, int> RepliesByIntent { get; init; }

    /// <summary>Share of accounts past their due date and unpaid, at the end of each simulated day.</summary>
    public required IReadOnlyList<double> OverdueRateByDay { get; init; }

    public string LenderId => Settings.LenderId;
}

public sealed record SimulationResult(
    SimulationOptions Options,
    IReadOnlyList<SampleBorrower> Book,
    IReadOnlyList<PolicyOutcome> Policies,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    SimulationTimings Timings);

/// <summary>Where the wall-clock time went (not part of the report: it differs from run to run).</summary>
public sealed record SimulationTimings(
    TimeSpan Upload, TimeSpan Scan, TimeSpan Pipeline, TimeSpan Payments, TimeSpan Total, int HoursRun, int HoursSkipped, int ReleaseSteps = 0)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"book upload+ingest {Upload.TotalSeconds:F0}s, scans {Scan.TotalSeconds:F0}s, queues/sends/reports {Pipeline.TotalSeconds:F0}s, payment files {Payments.TotalSeconds:F0}s, total {Total.TotalSeconds:F0}s; {HoursRun} simulated hours run, {HoursSkipped} stepped over, {ReleaseSteps} stops inside an hour for held messages");
}
