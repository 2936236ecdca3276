using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Dunning.Local.Diagnostics.Fuzz;

/// <summary>An ingest's errors CSV read back as a spreadsheet would: its lines, rows without a reason, and formula-looking cells.</summary>
public sealed record ErrorsCsv(IReadOnlySet<long> Lines, int RowsWithoutReason, IReadOnlyList<string> UnsafeCells)
{
    public static ErrorsCsv Parse(string text)
    {
        var lines = new HashSet<long>();
        var withoutReason = 0;
        var unsafeCells = new List<string>();
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true });
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            unsafeCells.AddRange(record.Where(IsUnsafe));
            if (record.Length > 0 && long.TryParse(record[0], NumberStyles.None, CultureInfo.InvariantCulture, out var line))
            {
                lines.Add(line);
            }

            if (record.Length < 3 || string.IsNullOrWhiteSpace(record[2]))
            {
                withoutReason++;
            }
        }

        return new ErrorsCsv(lines, withoutReason, unsafeCells);
    }

    /// <summary>What Excel, LibreOffice and Sheets would run as a formula (or DDE) when the file is opened.</summary>
    public static bool IsUnsafe(string cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
