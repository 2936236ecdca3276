namespace Dunning.Core.Schedules;

/// <summary>
/// Why one row of an upload was rejected. The reason names the value's class ("not a valid mobile number"),
/// never the value itself: the report is read by people who must not see phone numbers.
/// </summary>
public sealed record CsvRowError(long Line, string Column, string Reason);

/// <summary>
/// The outcome of one uploaded file, as written next to it under schedules-results/. <see cref="Duplicates"/> are
/// repeats of an earlier row of the same file: counted as unchanged, listed in <see cref="Errors"/> so the lender
/// sees them, and not a failure.
/// </summary>
public sealed record IngestResult(
    string LenderId,
    string Kind,
    string FileName,
    int RowsRead,
    int Stored,
    int Unchanged,
    int Rejected,
    string? FileError,
    IReadOnlyList<CsvRowError> Errors,
    int Duplicates = 0)
{
    /// <summary>A file rejected whole (unknown lender, missing columns): nothing stored, one reason.</summary>
    public static IngestResult FileRejected(string lenderId, string kind, string fileName, string reason) =>
        new(lenderId, kind, fileName, 0, 0, 0, 0, reason, []);

    public static string UnknownLender(string lenderId) =>
        $"unknown lender '{lenderId}': register the lender before uploading its files";

    public static string MissingColumns(IReadOnlyList<string> missing) =>
        $"missing required column(s): {string.Join(", ", missing)}";

    /// <summary>The reason for a file with nothing in it (zero bytes, only a byte-order mark, only blank lines).</summary>
    public static string EmptyFile(IReadOnlyList<string> required) =>
        $"the file is empty: the first line must be a header naming the required columns ({string.Join(", ", required)})";

    public IngestSummary ToSummary(string csvPath, string jsonPath) =>
        new(LenderId, FileName, RowsRead, Stored, Unchanged, Rejected, FileError, csvPath, jsonPath, Duplicates);
}

public interface IIngestResultStore
{
    /// <summary>Writes the error CSV and JSON summary; returns their paths.</summary>
    Task<(string CsvPath, string JsonPath)> WriteAsync(IngestResult result, CancellationToken cancellationToken = default);
}
