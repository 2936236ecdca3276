using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Dunning.Core.Lenders;

namespace Dunning.Local.Simulation;

/// <summary>
/// A lender's own schedule CSV as the simulation's population. Rows the pipeline would reject are skipped here
/// too (the upload report still lists them); the file itself is uploaded unchanged, per policy.
/// </summary>
public static class UploadedBook
{
    public static IReadOnlyList<SampleBorrower> Read(string csv, string defaultTimeZone = "Asia/Shanghai")
    {
        using var reader = new StringReader(csv);
        using var parser = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
        });
        parser.Read();
        parser.ReadHeader();
        var result = new List<SampleBorrower>();
        while (parser.Read())
        {
            var loan = parser.GetField("loan_id")?.Trim();
            var phone = parser.GetField("phone")?.Trim();
            if (string.IsNullOrEmpty(loan) || string.IsNullOrEmpty(phone)
                || !DateOnly.TryParseExact(parser.GetField("due_date")?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due)
                || !decimal.TryParse(parser.GetField("amount_due"), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            {
                continue;
            }

            var zone = Optional(parser, "time_zone") ?? defaultTimeZone;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                continue;
            }

            result.Add(new SampleBorrower(
                BorrowerId: Optional(parser, "borrower_id") ?? loan,
                LoanId: loan,
                Name: Optional(parser, "borrower_name") ?? "",
                Phone: phone,
                TimeZone: zone,
                Language: Languages.Normalize(Optional(parser, "language")) ?? Languages.Chinese,
                Segment: Optional(parser, "segment")?.ToLowerInvariant() ?? "medium",
                Amount: amount,
                Currency: Optional(parser, "currency") ?? "CNY",
                DueDate: due,
                Consent: !string.Equals(Optional(parser, "consent"), "false", StringComparison.OrdinalIgnoreCase),
                InstallmentNo: int.TryParse(Optional(parser, "installment_no"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var no) ? no : 1));
        }

        return result;
    }

    private static string? Optional(CsvReader parser, string name) =>
        parser.TryGetField<string>(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
