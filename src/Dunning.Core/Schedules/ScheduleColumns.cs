namespace Dunning.Core.Schedules;

/// <summary>The schedule upload's column contract (see README "Schedule CSV").</summary>
public static class ScheduleColumns
{
    public const string LoanId = "loan_id";
    public const string InstallmentNo = "installment_no";
    public const string BorrowerId = "borrower_id";
    public const string BorrowerName = "borrower_name";
    public const string Phone = "phone";
    public const string TimeZone = "time_zone";
    public const string Language = "language";
    public const string AmountDue = "amount_due";
    public const string Currency = "currency";
    public const string DueDate = "due_date";
    public const string Consent = "consent";
    public const string Segment = "segment";
    public const string PayLink = "pay_link";

    public static readonly IReadOnlyList<string> Required =
        [LoanId, InstallmentNo, BorrowerId, BorrowerName, Phone, TimeZone, Language, AmountDue, Currency, DueDate, Consent];

    public static readonly IReadOnlyList<string> Optional = [Segment, PayLink];
}

/// <summary>The payments upload's column contract.</summary>
public static class PaymentColumns
{
    public const string LoanId = "loan_id";
    public const string InstallmentNo = "installment_no";
    public const string AmountPaid = "amount_paid";
    public const string PaidAt = "paid_at";

    /// <summary>The lender's own transaction id: when present, a payment is recognised by it alone.</summary>
    public const string PaymentId = "payment_id";

    public static readonly IReadOnlyList<string> Required = [LoanId, InstallmentNo, AmountPaid, PaidAt];

    public static readonly IReadOnlyList<string> Optional = [PaymentId];
}
