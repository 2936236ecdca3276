using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Dunning.Core.Schedules;

/// <summary>
/// Streams an uploaded CSV (UTF-8 with or without BOM, comma, RFC 4180 quoting) row by row, turning
/// unreadable rows into errors instead of exceptions so one bad row never costs the good ones.
/// </summary>
public sealed class CsvUpload : IDisposable
{
    /// <summary>No legitimate field is longer; a longer one is a broken quote or an attack.</summary>
    public const int MaxFieldLength = 2048;

    /// <summary>Rows wider than this are rejected before their fields are looked at.</summary>
    public const int MaxColumns = 64;

    /// <summary>
    /// The memory guard: the parser buffers a field up to this before giving up on the file. Between
    /// <see cref="MaxFieldLength"/> and this, an overlong field costs only its own row.
    /// </summary>
    public const int MaxBufferedFieldLength = 1024 * 1024;

    private readonly StreamReader reader;
    private readonly CsvReader csv;
    private bool badDataInRow;

    public CsvUpload(Stream content)
    {
        reader = new StreamReader(content, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            TrimOptions = TrimOptions.Trim,
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            BadDataFound = _ => badDataInRow = true,
            MissingFieldFound = null,
            HeaderValidated = null,
            DetectColumnCountChanges = false,
            // CsvHelper's own limit throws mid-field and then reads the rest of that field as further broken rows,
            // so good rows after it were lost; it only guards memory here, and the row check below enforces the limit.
            MaxFieldSize = MaxBufferedFieldLength,
        };
        csv = new CsvReader(reader, configuration);
    }

    public IReadOnlyList<string> Header { get; private set; } = [];

    /// <summary>Reads the header; returns the missing required columns (empty when all are present).</summary>
    public IReadOnlyList<string> ReadHeader(IEnumerable<string> requiredColumns)
    {
        if (!csv.Read())
        {
            return [.. requiredColumns];
        }

        csv.ReadHeader();
        Header = [.. (csv.HeaderRecord ?? []).Select(h => h.Trim().ToLowerInvariant())];
        return [.. requiredColumns.Where(c => !Header.Contains(c))];
    }

    /// <summary>
    /// The next row as column → value, or an error for that row. Null at the end of the file, or when the
    /// parser cannot find its footing again (reported as a final error).
    /// </summary>
    public CsvRow? ReadRow()
    {
        while (true)
        {
            badDataInRow = false;
            bool hasRow;
            try
            {
                hasRow = csv.Read();
            }
            catch (CsvHelperException e) when (e is not ReaderException { InnerException: IOException })
            {
                return new CsvRow(LineOf(e.Context), null, new CsvRowError(LineOf(e.Context), "*", ReasonFor(e)));
            }

            if (!hasRow)
            {
                return null;
            }

            var line = (long)csv.Parser.RawRow;
            var fields = csv.Parser.Record ?? [];
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (badDataInRow)
            {
                return new CsvRow(line, null, new CsvRowError(line, "*", "badly quoted field"));
            }

            if (fields.Length > MaxColumns)
            {
                return new CsvRow(line, null, new CsvRowError(line, "*", $"row has {fields.Length} columns; at most {MaxColumns} are read"));
            }

            if (fields.Any(f => f.Length > MaxFieldLength))
            {
                return new CsvRow(line, null, new CsvRowError(line, "*", $"a field is longer than {MaxFieldLength} characters"));
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < Header.Count && i < fields.Length; i++)
            {
                values.TryAdd(Header[i], fields[i].Trim());
            }

            return new CsvRow(line, values, null);
        }
    }

    private static long LineOf(CsvContext? context) => context?.Parser?.RawRow ?? 0;

    private static string ReasonFor(CsvHelperException e) => e switch
    {
        MaxFieldSizeException => $"a field is longer than {MaxFieldLength} characters",
        BadDataException => "badly quoted field",
        _ => "unreadable row",
    };

    public void Dispose()
    {
        csv.Dispose();
        reader.Dispose();
    }
}

/// <summary>One data row: its values by lower-case column name, or the error that made it unreadable.</summary>
public sealed record CsvRow(long Line, IReadOnlyDictionary<string, string>? Values, CsvRowError? Error)
{
    public string? Get(string column) =>
        Values is not null && Values.TryGetValue(column, out var value) && value.Length > 0 ? value : null;
}
