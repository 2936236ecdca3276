namespace Dunning.Core.Eligibility;

/// <summary>
/// One decision about one job: sent to the outbox, deferred or suppressed, and why. Never the text or the
/// number: the log is for the lender's report and for audits.
/// </summary>
public sealed record ContactDecision
{
    public required string LenderId { get; init; }
    public required string BorrowerId { get; init; }
    public required string JobId { get; init; }
    public required string Stage { get; init; }
    public required Verdict Decision { get; init; }

    /// <summary>A <see cref="SuppressionReasons"/> code; for a send null, or "short-variant" when the stage's short text went out.</summary>
    public string? Reason { get; init; }
    public required DateTimeOffset At { get; init; }
    public DateTimeOffset? DeferredUntil { get; init; }

    /// <summary>The template a send used.</summary>
    public string? TemplateId { get; init; }
}

/// <summary>The contact log (table ContactLog): every personalization decision with its reason.</summary>
public interface IContactLog
{
    Task RecordAsync(ContactDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Records a batch's decisions together (one storage transaction per lender where it can).</summary>
    async Task RecordManyAsync(IReadOnlyList<ContactDecision> decisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        foreach (var decision in decisions)
        {
            await RecordAsync(decision, cancellationToken);
        }
    }

    /// <summary>One lender's decisions made in [from, to), newest first.</summary>
    IAsyncEnumerable<ContactDecision> QueryAsync(string lenderId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
