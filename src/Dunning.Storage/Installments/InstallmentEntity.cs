using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Installments;

namespace Dunning.Storage.Installments;

/// <summary>A row of the Installments table (PK = due date + shard, RK = lender|loan|installment).</summary>
internal sealed class InstallmentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string LenderId { get; set; } = "";
    public string LoanId { get; set; } = "";
    public int InstallmentNo { get; set; }
    public string BorrowerId { get; set; } = "";
    public string AmountDue { get; set; } = "0";
    public string Currency { get; set; } = "";
    public string DueDate { get; set; } = "";
    public bool Consent { get; set; }
    public string? Segment { get; set; }
    public string? PayLink { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public string AmountPaid { get; set; } = "0";
    public DateTimeOffset? PaidAt { get; set; }
    public string? AppliedPayments { get; set; }
    public string? EnqueuedStages { get; set; }
    public DateTimeOffset? PausedUntil { get; set; }
    public bool PlanRequested { get; set; }
    public bool ThankYouEnqueued { get; set; }

    /// <summary>
    /// Set on the old row of a move once the new row exists: this row is no longer the installment's home, and a
    /// reader that finds it goes to the partition named here. Nobody writes a row so marked.
    /// </summary>
    public string? MovedTo { get; set; }

    /// <summary>Set on the new row of a move until the index points at it: a direct read must ask the index instead.</summary>
    public string? MovingFrom { get; set; }

    /// <summary>A row a reader may take as the installment without asking the index.</summary>
    public bool IsHome => string.IsNullOrEmpty(MovedTo) && string.IsNullOrEmpty(MovingFrom);

    public static string RowKeyFor(InstallmentKey key) =>
        $"{key.LenderId}|{TableKeys.Escape(key.LoanId)}|{key.InstallmentNo:D4}";

    public static InstallmentEntity From(Installment installment, string partitionKey) => new()
    {
        PartitionKey = partitionKey,
        RowKey = RowKeyFor(installment.Key),
        ETag = installment.ETag is null ? ETag.All : new ETag(installment.ETag),
        LenderId = installment.LenderId,
        LoanId = installment.LoanId,
        InstallmentNo = installment.InstallmentNo,
        BorrowerId = installment.BorrowerId,
        AmountDue = EntityValues.FromDecimal(installment.AmountDue.Amount),
        Currency = installment.AmountDue.Currency,
        DueDate = EntityValues.FromDate(installment.DueDate),
        Consent = installment.Consent,
        Segment = installment.Segment,
        PayLink = installment.PayLink,
        TimeZone = installment.TimeZone,
        AmountPaid = EntityValues.FromDecimal(installment.AmountPaid),
        PaidAt = installment.PaidAt,
        AppliedPayments = EntityValues.FromSet(installment.AppliedPayments),
        EnqueuedStages = EntityValues.FromSet(installment.EnqueuedStages),
        PausedUntil = installment.PausedUntil,
        PlanRequested = installment.PlanRequested,
        ThankYouEnqueued = installment.ThankYouEnqueued,
    };

    public Installment ToInstallment() => new()
    {
        LenderId = LenderId,
        LoanId = LoanId,
        InstallmentNo = InstallmentNo,
        BorrowerId = BorrowerId,
        AmountDue = Money.Of(EntityValues.ToDecimal(AmountDue), Currency),
        DueDate = EntityValues.ToDate(DueDate),
        Consent = Consent,
        Segment = Segment,
        PayLink = PayLink,
        TimeZone = TimeZone,
        AmountPaid = EntityValues.ToDecimal(AmountPaid),
        PaidAt = PaidAt,
        AppliedPayments = EntityValues.ToSet(AppliedPayments),
        EnqueuedStages = EntityValues.ToSet(EnqueuedStages),
        PausedUntil = PausedUntil,
        PlanRequested = PlanRequested,
        ThankYouEnqueued = ThankYouEnqueued,
        ETag = ETag.ToString(),
    };
}

/// <summary>InstallmentIndex row: where an installment currently lives, so moves and payments find it.</summary>
internal sealed class InstallmentIndexEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string InstallmentPartition { get; set; } = "";

    /// <summary>The stored installment's schedule fingerprint; null in rows written before it existed.</summary>
    public string? ScheduleFingerprint { get; set; }

    public static string RowKeyFor(InstallmentKey key) => $"{TableKeys.Escape(key.LoanId)}|{key.InstallmentNo:D4}";
}
