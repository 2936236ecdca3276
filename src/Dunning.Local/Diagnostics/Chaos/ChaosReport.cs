namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>A chaos run: what was injected, how the jobs ended, and the invariant breaches found.</summary>
public sealed record ChaosReport(
    string LenderId,
    int Jobs,
    int Borrowers,
    int Seed,
    double Seconds,
    ChaosFaults Faults,
    IReadOnlyDictionary<string, int> LedgerStates,
    int MessagesAccepted,
    int OptOuts,
    int Payments,
    ChaosFindings Findings)
{
    public bool Passed => Findings.AllZero;
}

/// <summary>Faults that really happened (counted where they were injected).</summary>
public sealed record ChaosFaults(
    int Throttled,
    int ServerErrors,
    int LostResponses,
    int Crashes,
    int OutboxDuplicates,
    long OutboxPoisoned,
    long ReminderPoisoned,
    int EventDeliveries);
