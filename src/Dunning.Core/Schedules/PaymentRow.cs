using System.Globalization;

namespace Dunning.Core.Schedules;

/// <summary>One payment as read from a payments file.</summary>
public sealed record PaymentRow(long Line, string LoanId, int InstallmentNo, decimal AmountPaid, string PaidAtText, string? PaymentId = null)
{
    /// <summary>
    /// Identifies the payment on its installment, so a re-uploaded or re-exported file applies it once: the lender's
    /// payment_id when the row has one, else (loan, installment, amount, paid_at). The second form is the one stored
    /// before payment_id existed, so payments applied then are still recognised.
    /// </summary>
    public string Fingerprint => (PaymentId is null
            ? IngestScheduleHandler.KeyHash($"{LoanId}|{AmountText}|{PaidAtText}|0", InstallmentNo)
            : IngestScheduleHandler.KeyHash($"payment_id\u001f{PaymentId}", InstallmentNo))
        .ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The same payment of the same installment within one file.</summary>
    public ulong SamePaymentKey => IngestScheduleHandler.KeyHash($"{LoanId}\u001f{Fingerprint}", InstallmentNo);

    /// <summary>What the row says was paid, to tell an exact repeat from a payment_id reused for another payment.</summary>
    public ulong ContentKey => IngestScheduleHandler.KeyHash($"{AmountText}\u001f{PaidAtText}", 0);

    /// <summary>paid_at gives a time of day, not only a date (which is read as noon and says nothing about the borrower's hour).</summary>
    public bool HasTimeOfDay => PaidAtText.Length > "yyyy-MM-dd".Length;

    private string AmountText => AmountPaid.ToString(CultureInfo.InvariantCulture);
}
