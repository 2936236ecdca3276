using System.IO.Hashing;
using System.Text;
using Dunning.Core.Borrowers;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Privacy;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Schedules;

/// <summary>
/// Ingests schedules/{lenderId}/{name}: streams the file in chunks, stores the good rows, reports the bad
/// ones, and changes nothing when the same file arrives again.
/// </summary>
public sealed partial class IngestScheduleHandler(
    ILenderDirectory lenders,
    IInstallmentStore installments,
    IBorrowerDirectory borrowers,
    IIngestResultStore results,
    IPhoneHasher phoneHasher,
    ILogger<IngestScheduleHandler> logger) : IIngestScheduleHandler
{
    public const string Kind = "schedule";

    /// <summary>
    /// Rows per storage round, small enough to stream. Installments are partitioned by due date, so a chunk holds
    /// few rows per partition; the store's <see cref="IScheduleUpload"/> carries new rows across chunks to fill
    /// its transactions.
    /// </summary>
    internal const int ChunkSize = 1000;

    public async Task<IngestSummary> HandleAsync(string lenderId, string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        var lender = await lenders.FindAsync(lenderId, cancellationToken);
        if (lender is null)
        {
            return await FinishAsync(IngestResult.FileRejected(lenderId, Kind, fileName, IngestResult.UnknownLender(lenderId)), cancellationToken);
        }

        using var upload = new CsvUpload(content);
        if (upload.ReadHeader(ScheduleColumns.Required, ScheduleColumns.Optional) is { } fileError)
        {
            return await FinishAsync(IngestResult.FileRejected(lenderId, Kind, fileName, fileError), cancellationToken);
        }

        var parser = new ScheduleRowParser(lender, phoneHasher);
        var writes = installments.OpenScheduleUpload();
        var errors = new List<CsvRowError>();
        var firstLineOfKey = new Dictionary<ulong, long>();
        var chunk = new List<ScheduleRow>(ChunkSize);
        int rowsRead = 0, stored = 0, unchanged = 0;

        while (upload.ReadRow() is { } row)
        {
            rowsRead++;
            if (row.Error is not null)
            {
                errors.Add(row.Error);
                continue;
            }

            if (parser.Parse(row, errors) is not { } parsed)
            {
                continue;
            }

            var key = KeyHash(parsed.Installment.LoanId, parsed.Installment.InstallmentNo);
            if (firstLineOfKey.TryGetValue(key, out var firstLine))
            {
                errors.Add(new CsvRowError(row.Line, ScheduleColumns.InstallmentNo, $"duplicate of line {firstLine} (same loan_id and installment_no)"));
                continue;
            }

            firstLineOfKey[key] = row.Line;
            chunk.Add(parsed);
            if (chunk.Count == ChunkSize)
            {
                var (s, u) = await StoreAsync(writes, chunk, cancellationToken);
                (stored, unchanged) = (stored + s, unchanged + u);
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            var (s, u) = await StoreAsync(writes, chunk, cancellationToken);
            (stored, unchanged) = (stored + s, unchanged + u);
        }

        await writes.FlushAsync(cancellationToken);

        var rejected = errors.Select(e => e.Line).Distinct().Count();
        return await FinishAsync(new IngestResult(lenderId, Kind, fileName, rowsRead, stored, unchanged, rejected, null, errors), cancellationToken);
    }

    private async Task<(int Stored, int Unchanged)> StoreAsync(IScheduleUpload writes, List<ScheduleRow> chunk, CancellationToken cancellationToken)
    {
        // The first row of a borrower in the chunk defines them; later rows of the same borrower are installments.
        var distinctBorrowers = chunk.Select(r => r.Borrower).DistinctBy(b => b.BorrowerId).ToList();
        var borrowerOutcomes = await borrowers.UpsertManyAsync(distinctBorrowers, cancellationToken);
        var changedBorrowers = distinctBorrowers
            .Where((_, i) => borrowerOutcomes[i] != UpsertResult.Unchanged)
            .Select(b => b.BorrowerId)
            .ToHashSet(StringComparer.Ordinal);

        var installmentOutcomes = await writes.UpsertAsync([.. chunk.Select(r => r.Installment)], cancellationToken);
        var stored = 0;
        for (var i = 0; i < chunk.Count; i++)
        {
            if (installmentOutcomes[i] != UpsertOutcome.Unchanged || changedBorrowers.Remove(chunk[i].Borrower.BorrowerId))
            {
                stored++;
            }
        }

        return (stored, chunk.Count - stored);
    }

    private async Task<IngestSummary> FinishAsync(IngestResult result, CancellationToken cancellationToken)
    {
        var (csvPath, jsonPath) = await results.WriteAsync(result, cancellationToken);
        if (result.FileError is not null)
        {
            LogFileRejected(result.LenderId, result.FileName, result.FileError);
        }
        else
        {
            LogIngested(result.LenderId, result.FileName, result.RowsRead, result.Stored, result.Unchanged, result.Rejected);
        }

        return result.ToSummary(csvPath, jsonPath);
    }

    internal static ulong KeyHash(string loanId, int installmentNo) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{loanId}\u001f{installmentNo}"));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Ingested schedule {FileName} for lender {LenderId}: {RowsRead} rows, {Stored} stored, {Unchanged} unchanged, {Rejected} rejected")]
    private partial void LogIngested(string lenderId, string fileName, int rowsRead, int stored, int unchanged, int rejected);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Rejected schedule {FileName} for lender {LenderId}: {Reason}")]
    private partial void LogFileRejected(string lenderId, string fileName, string reason);
}
