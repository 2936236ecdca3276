using System.Text.Json.Serialization;

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

    public int Instances { get; init; } = 1;

    /// <summary>Why the jobs that did not go ended as they did ("Suppressed: opted-out" → count).</summary>
    public IReadOnlyDictionary<string, int> EndReasons { get; init; } = new Dictionary<string, int>();

    /// <summary>The host killed mid-flight, when several ran.</summary>
    public ChaosKill? Kill { get; init; }

    /// <summary>Each sender's busiest minute against its limit, from what the emulator accepted.</summary>
    public IReadOnlyList<SenderPeak> SenderPeaks { get; init; } = [];

    /// <summary>Messages each phone received: equal for the same seed however many hosts ran (left out of chaos.json).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, int> MessagesPerPhone { get; init; } = new Dictionary<string, int>();
}

/// <param name="Host">Which host (0-based) was killed.</param>
/// <param name="At">The virtual time of the kill.</param>
/// <param name="MessagesInHand">sms-outbox messages it had received and not finished.</param>
/// <param name="MessagesHandledBefore">sms-outbox messages it had finished before.</param>
public sealed record ChaosKill(int Host, DateTimeOffset At, long MessagesInHand, long MessagesHandledBefore);

/// <param name="Sender">The sender id, or the shared key of the alphanumeric senders.</param>
/// <param name="BusiestMinute">The most messages ACS accepted from it in one clock minute.</param>
/// <param name="PermitsPerMinute">Its app-wide limit.</param>
/// <param name="Allowed">The limit plus a token bucket's first burst: a minute above it is a breach.</param>
public sealed record SenderPeak(string Sender, int BusiestMinute, int PermitsPerMinute, int Allowed);

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
