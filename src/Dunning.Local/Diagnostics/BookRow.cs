using System.Globalization;
using System.Text;
using Dunning.Core.Schedules;

namespace Dunning.Local.Diagnostics;

/// <summary>One schedule row as a lender would upload it.</summary>
public sealed record BookRow(
    string LoanId,
    int InstallmentNo,
    string BorrowerId,
    string Name,
    string Phone,
    string TimeZone,
    string Language,
    decimal Amount,
    string Currency,
    DateOnly DueDate,
    bool Consent = true)
{
    public static readonly string Header = string.Join(',', ScheduleColumns.Required) + "\r\n";

    public void AppendCsv(StringBuilder csv) => csv
        .Append(LoanId).Append(',')
        .Append(InstallmentNo.ToString(CultureInfo.InvariantCulture)).Append(',')
        .Append(BorrowerId).Append(',')
        .Append(Name).Append(',')
        .Append(Phone).Append(',')
        .Append(TimeZone).Append(',')
        .Append(Language).Append(',')
        .Append(Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
        .Append(Currency).Append(',')
        .Append(DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
        .Append(Consent ? "true" : "false").Append("\r\n");

    public string ToCsvLine()
    {
        var line = new StringBuilder(128);
        AppendCsv(line);
        return line.ToString();
    }

    public static string ToCsv(IEnumerable<BookRow> rows)
    {
        var csv = new StringBuilder(Header);
        foreach (var row in rows)
        {
            row.AppendCsv(csv);
        }

        return csv.ToString();
    }
}
