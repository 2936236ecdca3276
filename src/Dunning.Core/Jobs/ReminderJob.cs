using Dunning.Core.Installments;

namespace Dunning.Core.Jobs;

/// <summary>
/// One message that should exist: (lender, loan, installment, stage). Its id is deterministic, so every
/// retry, rescan or duplicate delivery of it lands on the same ledger row and the same ACS repeatability id.
/// </summary>
public sealed record ReminderJob
{
    public required string LenderId { get; init; }
    public required string LoanId { get; init; }
    public required int InstallmentNo { get; init; }
    public required string Stage { get; init; }
    public required DateOnly DueDate { get; init; }

    /// <summary>When the scan (or payments ingest, for thank-yous) created the job.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>How many times personalization has deferred this job (quiet hours, caps).</summary>
    public int Deferrals { get; init; }

    public string JobId => IdFor(LenderId, LoanId, InstallmentNo, Stage);

    public InstallmentKey InstallmentKey => new(LenderId, LoanId, InstallmentNo);

    /// <summary>
    /// What the job's minute in the send-time spans is hashed from: the job within its lender (loan, installment, stage).
    /// The lender's own loan ids spread its jobs already; leaving its id out lets the same book spread alike under any
    /// lender id, which is how a simulation compares policies.
    /// </summary>
    public string SlotKey => $"{LoanId}:{InstallmentNo}:{Stage}";

    public static string IdFor(string lenderId, string loanId, int installmentNo, string stage) =>
        $"{lenderId}:{loanId}:{installmentNo}:{stage}";
}

/// <summary>One reminder-jobs queue message: up to <see cref="PipelineNames.JobsPerMessage"/> jobs.</summary>
public sealed record ReminderJobBatch(IReadOnlyList<ReminderJob> Jobs);
