using Dunning.Core.Borrowers;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Privacy;

namespace Dunning.Core.Schedules;

public sealed record ScheduleRow(long Line, Installment Installment, Borrower Borrower);

/// <summary>Turns one schedule CSV row into an installment and its borrower, or the reasons it cannot.</summary>
public sealed class ScheduleRowParser(LenderSettings lender, IPhoneHasher phoneHasher)
{
    private static readonly HashSet<string> Segments = new(["low", "medium", "high"], StringComparer.Ordinal);

    public ScheduleRow? Parse(CsvRow row, List<CsvRowError> errors)
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

        var loanId = FieldRules.Identifier(row.Get(ScheduleColumns.LoanId), out error);
        Check(ScheduleColumns.LoanId, error);
        var installmentNo = FieldRules.PositiveInteger(row.Get(ScheduleColumns.InstallmentNo), out error);
        Check(ScheduleColumns.InstallmentNo, error);
        var borrowerId = FieldRules.Identifier(row.Get(ScheduleColumns.BorrowerId), out error);
        Check(ScheduleColumns.BorrowerId, error);
        var name = FieldRules.PersonName(row.Get(ScheduleColumns.BorrowerName), out error);
        Check(ScheduleColumns.BorrowerName, error);
        var phone = FieldRules.MobilePhone(row.Get(ScheduleColumns.Phone), lender.DefaultRegion, out error);
        Check(ScheduleColumns.Phone, error);
        var timeZone = FieldRules.TimeZone(row.Get(ScheduleColumns.TimeZone), out error);
        Check(ScheduleColumns.TimeZone, error);
        var languageText = row.Get(ScheduleColumns.Language);
        var language = languageText is null ? lender.DefaultLanguage : Languages.Normalize(languageText);
        Check(ScheduleColumns.Language, language is null ? "is not zh-CN or en" : null);
        var amount = FieldRules.PositiveAmount(row.Get(ScheduleColumns.AmountDue), out error);
        Check(ScheduleColumns.AmountDue, error);
        var currency = FieldRules.Currency(row.Get(ScheduleColumns.Currency), out error);
        Check(ScheduleColumns.Currency, error);
        var dueDate = FieldRules.IsoDate(row.Get(ScheduleColumns.DueDate), out error);
        Check(ScheduleColumns.DueDate, error);
        var consent = FieldRules.Boolean(row.Get(ScheduleColumns.Consent), out error);
        Check(ScheduleColumns.Consent, error);
        var segment = row.Get(ScheduleColumns.Segment)?.ToLowerInvariant();
        Check(ScheduleColumns.Segment, segment is null || Segments.Contains(segment) ? null : "is not low, medium or high");
        var payLink = FieldRules.HttpsLink(row.Get(ScheduleColumns.PayLink), out error);
        Check(ScheduleColumns.PayLink, error);

        if (errors.Count > before)
        {
            return null;
        }

        var borrower = new Borrower
        {
            LenderId = lender.LenderId,
            BorrowerId = borrowerId!,
            Name = name!,
            PhoneE164 = phone!,
            PhoneHash = phoneHasher.Hash(phone!),
            TimeZone = timeZone!,
            Language = language!,
            Consent = consent!.Value,
            Segment = segment,
        };
        var installment = new Installment
        {
            LenderId = lender.LenderId,
            LoanId = loanId!,
            InstallmentNo = installmentNo!.Value,
            BorrowerId = borrowerId!,
            AmountDue = Money.Of(amount!.Value, currency!),
            DueDate = dueDate!.Value,
            Consent = consent.Value,
            Segment = segment,
            PayLink = payLink,
            TimeZone = timeZone!,
        };
        return new ScheduleRow(row.Line, installment, borrower);
    }
}
