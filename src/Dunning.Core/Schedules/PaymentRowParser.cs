using Dunning.Core.Installments;

namespace Dunning.Core.Schedules;

public sealed record PaymentRow(long Line, string LoanId, int InstallmentNo, decimal AmountPaid, string PaidAtText)
{
    /// <summary>
    /// Which identical row of the file this is (0 for the first): two real payments of the same amount on the
    /// same day are two payments, yet a re-uploaded file must apply neither again.
    /// </summary>
    public int Occurrence { get; init; }

    /// <summary>Identifies the payment so a re-uploaded file applies it once.</summary>
    public string Fingerprint => PaymentKey(Occurrence).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public ulong PaymentKey(int occurrence) =>
        IngestScheduleHandler.KeyHash($"{LoanId}|{AmountPaid.ToString(System.Globalization.CultureInfo.InvariantCulture)}|{PaidAtText}|{occurrence}", InstallmentNo);
}

public static class PaymentRowParser
{
    public static PaymentRow? Parse(CsvRow row, List<CsvRowError> errors)
    {
        var before = errors.Count;
        string? error;
        void Check(string column, string? reason)
        {
            if (reason is not null)
            {
                errors.Add(new CsvRowError(row.Line, column, $"{column} {reason}"));
            }
        }

        var loanId = FieldRules.Identifier(row.Get(PaymentColumns.LoanId), out error);
        Check(PaymentColumns.LoanId, error);
        var installmentNo = FieldRules.PositiveInteger(row.Get(PaymentColumns.InstallmentNo), out error);
        Check(PaymentColumns.InstallmentNo, error);
        var amount = FieldRules.PositiveAmount(row.Get(PaymentColumns.AmountPaid), out error);
        Check(PaymentColumns.AmountPaid, error);
        var paidAt = row.Get(PaymentColumns.PaidAt);
        FieldRules.IsoInstant(paidAt, TimeZoneInfo.Utc, out error);
        Check(PaymentColumns.PaidAt, error);

        return errors.Count > before ? null : new PaymentRow(row.Line, loanId!, installmentNo!.Value, amount!.Value, paidAt!);
    }

    /// <summary>The instant of the payment, read in the borrower's zone when the file gives no offset.</summary>
    public static DateTimeOffset PaidAt(PaymentRow row, Installment installment) =>
        FieldRules.IsoInstant(row.PaidAtText, TimeZones.OrUtc(installment.TimeZone), out _)!.Value;
}
