using Dunning.AcsEmulator;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;

namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>What a chaos run left behind, read from the ACS emulator's record and the Sends ledger.</summary>
public sealed record ChaosObservations
{
    public required IReadOnlyList<DeliveredSms> Delivered { get; init; }

    public required IReadOnlyList<SendRecord> Ledger { get; init; }

    /// <summary>Every job the run must account for: the scheduled stages, the thank-yous and the STOP confirmations.</summary>
    public required IReadOnlySet<string> ExpectedJobIds { get; init; }

    public required IReadOnlyDictionary<string, string> TimeZoneByPhone { get; init; }

    /// <summary>When each number opted out (the STOP's receipt time).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> OptedOutAtByPhone { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>When each installment ("{loan}:{installment}") was paid in full (the payments upload's ingest time).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> PaidAtByInstallment { get; init; } = new Dictionary<string, DateTimeOffset>();

    public QuietHours SendWindow { get; init; } = QuietHours.Default;

    public int MaxMessagesPerDay { get; init; } = 1;

    public int MaxMessagesPer7Days { get; init; } = 3;

    /// <summary>The sender limits the app ran with (per-sender overrides, the 10DLC rate).</summary>
    public SenderThroughputOptions SenderThroughput { get; init; } = new();
}
