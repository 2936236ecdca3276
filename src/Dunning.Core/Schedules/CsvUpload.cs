using System.Globalization;
using System.Text;

namespace Dunning.Core.Schedules;

/// <summary>
/// Streams an uploaded CSV (UTF-8 with or without BOM, comma separated, RFC 4180 quoting) row by row, turning
/// unreadable rows into errors instead of exceptions so one bad row never costs the good ones.
/// </summary>
/// <remarks>
/// A reader of our own rather than CsvHelper's: a lender needs to be told on which line a broken quote starts and
/// in which column, and the rows after it must still land. CsvHelper reports a quote left open at the end of the
/// file on a line past the end, does not say which field was badly quoted, and reads everything after an opening
/// quote that is never closed as one field. Only the columns the upload knows are checked: a value in an ignored
/// column never rejects its row.
/// </remarks>
public sealed class CsvUpload : IDisposable
{
    /// <summary>No legitimate value of a known column is longer; a longer one is a broken quote or an attack.</summary>
    public const int MaxValueLength = 2048;

    /// <summary>Rows wider than this are rejected before their values are looked at.</summary>
    public const int MaxColumns = 64;

    /// <summary>The memory guard: a row (all its lines) longer than this is rejected and not held in memory.</summary>
    public const int MaxRowLength = 4 * 1024 * 1024;

    private static readonly (char Delimiter, string Name)[] ForeignDelimiters = [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")];

    private readonly StreamReader reader;
    private readonly PhysicalLineReader lines;
    private readonly Stack<PhysicalLine> pushedBack = new();
    private readonly StringBuilder field = new();
    private Dictionary<int, string> knownColumns = [];

    public CsvUpload(Stream content)
    {
        reader = new StreamReader(content, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        lines = new PhysicalLineReader(reader, MaxRowLength);
    }

    /// <summary>The header's column names, trimmed and in lower case, in file order.</summary>
    public IReadOnlyList<string> Header { get; private set; } = [];

    /// <summary>
    /// Reads the header. Returns why the whole file cannot be read (no header, another delimiter, missing
    /// required columns), or null. Only <paramref name="required"/> and <paramref name="optional"/> columns are read.
    /// </summary>
    public string? ReadHeader(IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(optional);
        var first = NextNonBlankLine();
        if (first is null)
        {
            return IngestResult.EmptyFile(required);
        }

        if (first.TooLong)
        {
            return $"line {first.Number} is longer than {MaxRowLength:N0} characters: a header row naming the columns is expected";
        }

        var record = ReadRecord(first);
        Header = [.. record.Fields.Select(f => f.Value.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant())];
        var missing = required.Where(c => !Header.Contains(c)).ToList();
        if (missing.Count == 0)
        {
            knownColumns = [];
            foreach (var (name, index) in Header.Select((name, index) => (name, index)))
            {
                if ((required.Contains(name) || optional.Contains(name)) && !knownColumns.ContainsValue(name))
                {
                    knownColumns[index] = name;
                }
            }

            return null;
        }

        var foreign = ForeignDelimiters
            .Select(d => (d.Name, Count: first.Text.Count(c => c == d.Delimiter)))
            .Where(d => d.Count > first.Text.Count(c => c == ','))
            .OrderByDescending(d => d.Count)
            .Select(d => d.Name)
            .FirstOrDefault();
        return foreign is not null
            ? $"the file is separated by {foreign}; Dunning reads comma-separated files (save it as CSV UTF-8, comma delimited)"
            : IngestResult.MissingColumns(missing);
    }

    /// <summary>The next row as column → value for the known columns, or the error for that row. Null at the end of the file.</summary>
    public CsvRow? ReadRow()
    {
        if (NextNonBlankLine() is not { } first)
        {
            return null;
        }

        if (first.TooLong)
        {
            return Rejected(first.Number, "*", $"line {first.Number} is longer than {MaxRowLength:N0} characters; nothing on it is read");
        }

        var record = ReadRecord(first);
        if (record.UnclosedField is { } unclosed)
        {
            PushBack(record.Lines.Skip(1));
            var name = ColumnName(unclosed);
            return Rejected(first.Number, name, $"{name} opens a quote that is never closed{(record.HitLengthLimit ? $" within {MaxRowLength:N0} characters" : "")}; the lines after it are read as rows of their own");
        }

        if (record.Fields.Count > MaxColumns)
        {
            return Rejected(first.Number, "*", $"row has {record.Fields.Count} columns; at most {MaxColumns} are read");
        }

        var values = new Dictionary<string, string>(knownColumns.Count, StringComparer.Ordinal);
        for (var i = 0; i < record.Fields.Count; i++)
        {
            if (!knownColumns.TryGetValue(i, out var column))
            {
                continue;
            }

            var value = record.Fields[i];
            if (value.SpansLines)
            {
                // No known column holds a line break: this is a quote left open that a later quote happened to close.
                PushBack(record.Lines.Skip(1));
                return Rejected(first.Number, column, $"{column} opens a quote that is closed only on line {value.LastLine}; the lines after it are read as rows of their own");
            }

            if (value.QuoteProblem is { } problem)
            {
                return Rejected(first.Number, column, $"{column} is badly quoted ({problem})");
            }

            if (value.Value.Length > MaxValueLength)
            {
                return Rejected(first.Number, column, $"{column} is longer than {MaxValueLength} characters");
            }

            values[column] = value.Value.Trim();
        }

        return new CsvRow(first.Number, values, null);
    }

    private static CsvRow Rejected(long line, string column, string reason) => new(line, null, new CsvRowError(line, column, reason));

    private string ColumnName(int index) =>
        index < Header.Count && Header[index].Length > 0 ? Header[index] : $"column {(index + 1).ToString(CultureInfo.InvariantCulture)}";

    private PhysicalLine? NextLine() => pushedBack.Count > 0 ? pushedBack.Pop() : lines.Next();

    private void PushBack(IEnumerable<PhysicalLine> toReread)
    {
        foreach (var line in toReread.Reverse())
        {
            pushedBack.Push(line);
        }
    }

    /// <summary>Skips empty rows (nothing but spaces and commas): they are neither read nor reported.</summary>
    private PhysicalLine? NextNonBlankLine()
    {
        while (NextLine() is { } line)
        {
            // A byte-order mark the reader did not strip (a second one, from a re-saved export) is as blank as a space.
            if (line.TooLong || line.Text.Any(c => c != ',' && c != '\uFEFF' && !char.IsWhiteSpace(c)))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Splits one record, which spans further lines while a quoted value is open (RFC 4180).</summary>
    private ParsedRecord ReadRecord(PhysicalLine first)
    {
        var record = new ParsedRecord();
        record.Lines.Add(first);
        var line = first;
        var text = line.Text;
        var at = 0;
        var length = text.Length;
        field.Clear();
        var fieldFirstLine = first.Number;
        var quoted = false;
        var inQuotes = false;
        var closed = false;
        string? problem = null;
        while (true)
        {
            if (at == text.Length)
            {
                if (!inQuotes)
                {
                    record.Add(field.ToString(), problem, fieldFirstLine, line.Number);
                    return record;
                }

                var next = NextLine();
                if (next is null || next.TooLong || length + next.Text.Length > MaxRowLength)
                {
                    if (next is not null)
                    {
                        record.Lines.Add(next);
                    }

                    record.UnclosedField = record.Fields.Count;
                    record.HitLengthLimit = next is not null;
                    return record;
                }

                record.Lines.Add(next);
                line = next;
                text = next.Text;
                at = 0;
                length += text.Length + 1;
                field.Append('\n');
                continue;
            }

            var c = text[at++];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (at < text.Length && text[at] == '"')
                {
                    field.Append('"');
                    at++;
                }
                else
                {
                    inQuotes = false;
                    closed = true;
                }
            }
            else if (c == ',')
            {
                record.Add(field.ToString(), problem, fieldFirstLine, line.Number);
                field.Clear();
                (quoted, closed, problem, fieldFirstLine) = (false, false, null, line.Number);
            }
            else if (c == '"' && !quoted && IsBlank(field))
            {
                // Spaces before an opening quote are tolerated, as spreadsheets write "a, "b"".
                field.Clear();
                (quoted, inQuotes) = (true, true);
            }
            else
            {
                if (closed && !char.IsWhiteSpace(c))
                {
                    problem ??= "text after the closing quote";
                }
                else if (c == '"' && !quoted)
                {
                    problem ??= "a quote inside an unquoted value: quote the whole value and double the quote";
                }

                if (!closed || !char.IsWhiteSpace(c))
                {
                    field.Append(c);
                }
            }
        }
    }

    private static bool IsBlank(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose() => reader.Dispose();
}
