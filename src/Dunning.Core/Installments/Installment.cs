namespace Dunning.Core.Installments;

public readonly record struct InstallmentKey(string LenderId, string LoanId, int InstallmentNo)
{
    public override string ToString() => $"{LenderId}:{LoanId}:{InstallmentNo}";
}

/// <summary>One repayment due on one date. The unit the scan, the cadence and the ledger are keyed by.</summary>
public sealed record Installment
{
    public required string LenderId { get; init; }
    public required string LoanId { get; init; }
    public required int InstallmentNo { get; init; }
    public required string BorrowerId { get; init; }
    public required Money AmountDue { get; init; }
    public required DateOnly DueDate { get; init; }
    public bool Consent { get; init; }
    public string? Segment { get; init; }
    public string? PayLink { get; init; }

    /// <summary>The borrower's IANA time zone, copied here so the scan knows each row's local date without a join.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Fingerprints of payments already applied, so a re-uploaded payments file changes nothing.</summary>
    public IReadOnlySet<string> AppliedPayments { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Sum of payments received; the installment is paid once this covers the amount due.</summary>
    public decimal AmountPaid { get; init; }
    public DateTimeOffset? PaidAt { get; init; }

    /// <summary>Stages already turned into jobs, so a second scan of the same day enqueues nothing new.</summary>
    public IReadOnlySet<string> EnqueuedStages { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Reminders pause until then (a PAID reply); escalation pauses while a plan is requested.</summary>
    public DateTimeOffset? PausedUntil { get; init; }
    public bool PlanRequested { get; init; }

    /// <summary>Set when a thank-you job was created, so a re-uploaded payments file thanks nobody twice.</summary>
    public bool ThankYouEnqueued { get; init; }

    /// <summary>Storage concurrency token; null for an installment not yet stored.</summary>
    public string? ETag { get; init; }

    public InstallmentKey Key => new(LenderId, LoanId, InstallmentNo);

    public bool IsPaid => AmountPaid >= AmountDue.Amount;

    public Money Outstanding => AmountDue.Minus(Math.Min(AmountPaid, AmountDue.Amount));

    /// <summary>Paid by the end of the due date in the borrower's own time zone (not UTC's).</summary>
    public bool PaidOnTime => IsPaid && PaidAt is { } paidAt && LocalDateOf(paidAt) <= DueDate;

    public DateOnly LocalDateOf(DateTimeOffset instant) => TimeZones.LocalDate(instant, TimeZone);

    /// <summary>
    /// A hash of the fields a schedule upload sets, kept in the installment index so a re-upload can tell
    /// "unchanged" from the index alone.
    /// </summary>
    public string ScheduleFingerprint => System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(string.Join('\u001f',
            BorrowerId, AmountDue.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), AmountDue.Currency,
            DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Consent ? "1" : "0", Segment ?? "", PayLink ?? "", TimeZone)))
        .ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The fields a schedule upload sets: equal means a re-upload changed nothing.</summary>
    public bool SameScheduleAs(Installment other) =>
        BorrowerId == other.BorrowerId && AmountDue == other.AmountDue && DueDate == other.DueDate
        && Consent == other.Consent && Segment == other.Segment && PayLink == other.PayLink
        && TimeZone == other.TimeZone;
}
