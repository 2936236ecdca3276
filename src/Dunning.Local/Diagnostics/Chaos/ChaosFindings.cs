namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>The invariant breaches a chaos run found; every count must be zero.</summary>
public sealed record ChaosFindings(
    int DuplicatesDelivered,
    int JobsLost,
    int SentAfterOptOut,
    int SentAfterPayment,
    int SentInQuietHours,
    int OverDailyCap,
    int OverWeeklyCap,
    IReadOnlyList<string> Examples,
    int SenderMinutesOverLimit = 0)
{
    public bool AllZero => DuplicatesDelivered == 0 && JobsLost == 0 && SentAfterOptOut == 0 && SentAfterPayment == 0
        && SentInQuietHours == 0 && OverDailyCap == 0 && OverWeeklyCap == 0 && SenderMinutesOverLimit == 0;
}
