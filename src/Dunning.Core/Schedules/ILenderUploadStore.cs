namespace Dunning.Core.Schedules;

/// <summary>
/// Files a lender sends from the console: stored where a blob upload lands (schedules/{lenderId}/ or
/// payments/{lenderId}/), so the same ingest takes them, and the ingest's result read back from schedules-results.
/// </summary>
public interface ILenderUploadStore
{
    Task SaveAsync(string container, string lenderId, string fileName, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The summary JSON and errors CSV the ingest wrote for the file; nulls until it has run.</summary>
    Task<(string? SummaryJson, string? ErrorsCsv)> ReadResultAsync(string lenderId, string kind, string fileName, CancellationToken cancellationToken = default);
}
