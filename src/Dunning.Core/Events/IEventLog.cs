namespace Dunning.Core.Events;

/// <summary>
/// Event ids already handled (the Events table). The handler acts first and records after: every effect is
/// idempotent on its own (ETag-checked ledger rules, deterministic reply job ids and follow-up ids), so a crash
/// between acting and recording only means the redelivery repeats harmless work, while record-then-act would
/// lose the effect for good.
/// </summary>
public interface IEventLog
{
    Task<bool> ContainsAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Insert-if-absent; false when the id was already recorded.</summary>
    Task<bool> TryRecordAsync(string eventId, CancellationToken cancellationToken = default);
}
