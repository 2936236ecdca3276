using Dunning.Core.Installments;

namespace Dunning.Core.Schedules;

public static class PaymentRowParser
{
    public static PaymentRow? Parse(CsvRow row, List<CsvRowError> errors)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(errors);
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
        var paymentIdText = row.Get(PaymentColumns.PaymentId);
        var paymentId = paymentIdText is null ? null : FieldRules.Identifier(paymentIdText, out error);
        Check(PaymentColumns.PaymentId, paymentIdText is null ? null : error);

        return errors.Count > before ? null : new PaymentRow(row.Line, loanId!, installmentNo!.Value, amount!.Value, paidAt!, paymentId);
    }

    /// <summary>The instant of the payment, read in the borrower's zone when the file gives no offset.</summary>
    public static DateTimeOffset PaidAt(PaymentRow row, Installment installment) =>
        FieldRules.IsoInstant(row.PaidAtText, TimeZones.OrUtc(installment.TimeZone), out _)!.Value;
}
