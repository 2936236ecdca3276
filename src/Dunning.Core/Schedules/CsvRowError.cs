namespace Dunning.Core.Schedules;

/// <summary>
/// Why one row of an upload was rejected. The reason names the value's class ("not a valid mobile number"),
/// never the value itself: the report is read by people who must not see phone numbers.
/// </summary>
public sealed record CsvRowError(long Line, string Column, string Reason);

/// <summary>The outcome of one uploaded file, as written next to it under schedules-results/.</summary>
public sealed record IngestResult(
    string LenderId,
    string Kind,
    string FileName,
    int RowsRead,
    int Stored,
    int Unchanged,
    int Rejected,
    string? FileError,
    IReadOnlyList<CsvRowError> Errors);

public interface IIngestResultStore
{
    /// <summary>Writes the error CSV and JSON summary; returns their paths.</summary>
    Task<(string CsvPath, string JsonPath)> WriteAsync(IngestResult result, CancellationToken cancellationToken = default);
}
