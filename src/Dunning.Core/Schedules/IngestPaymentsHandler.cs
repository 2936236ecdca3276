using Dunning.Core.Borrowers;
using Dunning.Core.Installments;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Schedules;

/// <summary>
/// Ingests payments/{lenderId}/{name}: a full payment marks the installment paid (its reminders stop) and,
/// when on time, queues a thank-you; a partial payment lowers what is outstanding.
/// </summary>
public sealed partial class IngestPaymentsHandler(
    ILenderDirectory lenders,
    IInstallmentStore installments,
    IBorrowerDirectory borrowers,
    IJobQueue jobs,
    IIngestResultStore results,
    TimeProvider time,
    ILogger<IngestPaymentsHandler> logger) : IIngestPaymentsHandler
{
    public const string Kind = "payments";
    private const int MaxParallelRows = 16;
    private const int MaxConcurrencyRetries = 10;
    private const int ChunkSize = 1000;

    private enum PaymentOutcome
    {
        Applied,
        AlreadyApplied,
        UnknownInstallment,
    }

    public async Task<IngestSummary> HandleAsync(string lenderId, string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        if (await lenders.FindAsync(lenderId, cancellationToken) is null)
        {
            return await FinishAsync(IngestResult.FileRejected(lenderId, Kind, fileName, IngestResult.UnknownLender(lenderId)), cancellationToken);
        }

        using var upload = new CsvUpload(content);
        if (upload.ReadHeader(PaymentColumns.Required, PaymentColumns.Optional) is { } fileError)
        {
            return await FinishAsync(IngestResult.FileRejected(lenderId, Kind, fileName, fileError), cancellationToken);
        }

        var errors = new List<CsvRowError>();
        var duplicates = new List<CsvRowError>();
        var chunk = new List<PaymentRow>(ChunkSize);
        var firstOfPayment = new Dictionary<ulong, (long Line, ulong Content)>();
        int rowsRead = 0, stored = 0, unchanged = 0;
        while (upload.ReadRow() is { } row)
        {
            rowsRead++;
            if (row.Error is not null)
            {
                errors.Add(row.Error);
            }
            else if (PaymentRowParser.Parse(row, errors) is { } payment)
            {
                // A file exported twice over lists each payment twice: the repeat is the same payment, applied once.
                if (firstOfPayment.TryGetValue(payment.SamePaymentKey, out var first))
                {
                    if (first.Content == payment.ContentKey)
                    {
                        duplicates.Add(new CsvRowError(row.Line, payment.PaymentId is null ? "*" : PaymentColumns.PaymentId, DuplicateReason(payment, first.Line)));
                    }
                    else
                    {
                        errors.Add(new CsvRowError(row.Line, PaymentColumns.PaymentId,
                            $"payment_id repeats line {first.Line} with a different amount_paid or paid_at; only line {first.Line} is applied"));
                    }

                    continue;
                }

                firstOfPayment[payment.SamePaymentKey] = (row.Line, payment.ContentKey);
                chunk.Add(payment);
                if (chunk.Count == ChunkSize)
                {
                    var (applied, already) = await ApplyChunkAsync(lenderId, chunk, errors, cancellationToken);
                    (stored, unchanged) = (stored + applied, unchanged + already);
                    chunk.Clear();
                }
            }
        }

        if (chunk.Count > 0)
        {
            var (applied, already) = await ApplyChunkAsync(lenderId, chunk, errors, cancellationToken);
            (stored, unchanged) = (stored + applied, unchanged + already);
        }

        var rejected = errors.Select(e => e.Line).Distinct().Count();
        return await FinishAsync(new IngestResult(lenderId, Kind, fileName, rowsRead, stored, unchanged + duplicates.Count, rejected, null,
            [.. errors.Concat(duplicates).OrderBy(e => e.Line)], duplicates.Count), cancellationToken);
    }

    private static string DuplicateReason(PaymentRow payment, long firstLine) => payment.PaymentId is null
        ? $"duplicate of line {firstLine} (same loan_id, installment_no, amount_paid and paid_at): applied once; add a payment_id column to tell apart two payments that share all four"
        : $"duplicate of line {firstLine} (same loan_id, installment_no and payment_id): applied once";

    /// <summary>
    /// Applies one chunk: payments of the same installment in file order, one after another; different
    /// installments in parallel. A file is never held in memory whole.
    /// </summary>
    private async Task<(int Stored, int Unchanged)> ApplyChunkAsync(string lenderId, List<PaymentRow> rows, List<CsvRowError> errors, CancellationToken cancellationToken)
    {
        var outcomes = new PaymentOutcome[rows.Count];
        var byInstallment = rows.Select((row, index) => (row, index)).GroupBy(p => (p.row.LoanId, p.row.InstallmentNo)).ToList();
        await Parallel.ForEachAsync(byInstallment, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRows, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                foreach (var (row, index) in group)
                {
                    outcomes[index] = await ApplyAsync(lenderId, row, ct);
                }
            });

        for (var i = 0; i < rows.Count; i++)
        {
            if (outcomes[i] == PaymentOutcome.UnknownInstallment)
            {
                errors.Add(new CsvRowError(rows[i].Line, PaymentColumns.LoanId, "no such loan_id and installment_no for this lender"));
            }
        }

        return (outcomes.Count(o => o == PaymentOutcome.Applied), outcomes.Count(o => o == PaymentOutcome.AlreadyApplied));
    }

    private async Task<PaymentOutcome> ApplyAsync(string lenderId, PaymentRow row, CancellationToken cancellationToken)
    {
        var key = new InstallmentKey(lenderId, row.LoanId, row.InstallmentNo);
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            if (await installments.GetAsync(key, cancellationToken) is not { } installment)
            {
                return PaymentOutcome.UnknownInstallment;
            }

            if (installment.AppliedPayments.Contains(row.Fingerprint))
            {
                return PaymentOutcome.AlreadyApplied;
            }

            var paidAt = PaymentRowParser.PaidAt(row, installment);
            var updated = installment with
            {
                AmountPaid = installment.AmountPaid + row.AmountPaid,
                PaidAt = installment.PaidAt is { } previous && previous > paidAt ? previous : paidAt,
                AppliedPayments = new HashSet<string>(installment.AppliedPayments.Append(row.Fingerprint), StringComparer.Ordinal),
            };
            var becamePaid = !installment.IsPaid && updated.IsPaid;
            var thankYou = becamePaid && updated.PaidOnTime && !installment.ThankYouEnqueued;
            if (thankYou)
            {
                // Queue first: a crash before the update queues it again under the same job id, which the
                // ledger collapses; marking first could lose the thank-you.
                await jobs.EnqueueAsync(new ReminderJobBatch([new ReminderJob
                {
                    LenderId = lenderId,
                    LoanId = row.LoanId,
                    InstallmentNo = row.InstallmentNo,
                    Stage = Stage.ThankYouName,
                    DueDate = installment.DueDate,
                    CreatedAt = time.GetUtcNow(),
                }]), cancellationToken: cancellationToken);
                updated = updated with { ThankYouEnqueued = true };
            }

            if (!await installments.TryUpdateAsync(updated, cancellationToken))
            {
                continue;
            }

            if (becamePaid || row.HasTimeOfDay)
            {
                await RecordPaymentHistoryAsync(lenderId, installment.BorrowerId, becamePaid ? updated.PaidOnTime : null, row.HasTimeOfDay ? paidAt : null, cancellationToken);
            }

            return PaymentOutcome.Applied;
        }

        throw new InvalidOperationException("The installment kept changing while a payment was applied; the upload will be retried.");
    }

    /// <summary>
    /// What a payment says about its borrower: one more on-time or late payment when it settled the installment, and the
    /// local hour it was made in when the file gives a time. One write, none when nothing changes.
    /// </summary>
    private async Task RecordPaymentHistoryAsync(string lenderId, string borrowerId, bool? onTime, DateTimeOffset? paidAt, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            if (await borrowers.GetAsync(lenderId, borrowerId, cancellationToken) is not { } borrower)
            {
                return;
            }

            var updated = onTime switch
            {
                true => borrower with { OnTimePayments = borrower.OnTimePayments + 1 },
                false => borrower with { LatePayments = borrower.LatePayments + 1 },
                null => borrower,
            };
            updated = paidAt is { } at && BorrowerHours.Note(updated, at) is { } noted ? noted : updated;
            if (ReferenceEquals(updated, borrower) || await borrowers.TryUpdateAsync(updated, cancellationToken))
            {
                return;
            }
        }
    }

    private async Task<IngestSummary> FinishAsync(IngestResult result, CancellationToken cancellationToken)
    {
        var (csvPath, jsonPath) = await results.WriteAsync(result, cancellationToken);
        LogIngested(result.LenderId, result.FileName, result.RowsRead, result.Stored, result.Unchanged, result.Rejected, result.FileError ?? "none");
        return result.ToSummary(csvPath, jsonPath);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Ingested payments {FileName} for lender {LenderId}: {RowsRead} rows, {Applied} applied, {Unchanged} already applied, {Rejected} rejected, file error {FileError}")]
    private partial void LogIngested(string lenderId, string fileName, int rowsRead, int applied, int unchanged, int rejected, string fileError);
}
