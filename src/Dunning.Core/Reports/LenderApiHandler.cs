using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dunning.Core.Borrowers;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;

namespace Dunning.Core.Reports;

/// <summary>
/// The lender-facing routes: the funnel report and the follow-up list. The lender id comes from the route only
/// and is the only partition read. Closing a plan-request follow-up clears PlanRequested on its installments
/// (staff have acted, so escalation resumes); closing a verify-payment follow-up leaves the pause to run out.
/// </summary>
public sealed class LenderApiHandler(
    ISendLedger ledger,
    IInstallmentStore installments,
    IFollowUpStore followUps,
    IBorrowerDirectory borrowers,
    LenderGate gate,
    TimeProvider time) : ILenderApiHandler
{
    public static readonly TimeSpan DefaultReportSpan = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxReportSpan = TimeSpan.FromDays(366);
    private const int MaxConflictRetries = 8;
    private const int MaxFailuresListed = 200;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<HttpReply> GetReportAsync(string lenderId, string? lenderKey, string? from, string? to, CancellationToken cancellationToken = default)
    {
        var (since, until, refusal) = await AdmitForRangeAsync(lenderId, lenderKey, from, to, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var rows = await ReadLedgerAsync(lenderId, since, until, cancellationToken);
        var paidAt = new Dictionary<InstallmentKey, DateTimeOffset?>();
        foreach (var key in FunnelReport.PaymentCandidates(lenderId, rows))
        {
            paidAt[key] = (await installments.GetAsync(key, cancellationToken))?.PaidAt;
        }

        var raised = new List<FollowUp>();
        await foreach (var followUp in followUps.ListCreatedBetweenAsync(lenderId, since, until, cancellationToken))
        {
            raised.Add(followUp);
        }

        var report = FunnelReport.Build(lenderId, since, until, rows, paidAt, raised);
        return HttpReply.Ok(JsonSerializer.Serialize(report, Json));
    }

    public async Task<HttpReply> GetDailyTrendAsync(string lenderId, string? lenderKey, string? from, string? to, string? format, CancellationToken cancellationToken = default)
    {
        var (since, until, refusal) = await AdmitForRangeAsync(lenderId, lenderKey, from, to, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var rows = await ReadLedgerAsync(lenderId, since, until, cancellationToken);
        var replies = new List<FollowUp>();
        await foreach (var followUp in followUps.ListCreatedBetweenAsync(lenderId, since, until, cancellationToken))
        {
            replies.Add(followUp);
        }

        var days = DailyTrend.Build(since, until, rows, replies);
        return format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" => HttpReply.Ok(JsonSerializer.Serialize(new { lenderId, from = since, to = until, days }, Json)),
            "csv" => new HttpReply(200, DailyTrend.ToCsv(days), new Dictionary<string, string>
            {
                ["Content-Type"] = "text/csv; charset=utf-8",
                ["Content-Disposition"] = $"attachment; filename=\"{lenderId}-daily.csv\"",
            }),
            _ => HttpReply.Problem(400, "format is json or csv."),
        };
    }

    public async Task<HttpReply> ListFailedDeliveriesAsync(string lenderId, string? lenderKey, string? from, string? to, CancellationToken cancellationToken = default)
    {
        var (since, until, refusal) = await AdmitForRangeAsync(lenderId, lenderKey, from, to, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var failed = (await ReadLedgerAsync(lenderId, since, until, cancellationToken))
            .Where(r => r.State == SendState.Failed)
            .OrderByDescending(r => r.LastAttemptAt ?? r.CreatedAt)
            .Take(MaxFailuresListed)
            .ToList();
        var items = new List<object>(failed.Count);
        foreach (var row in failed)
        {
            var borrower = await borrowers.GetAsync(lenderId, row.BorrowerId, cancellationToken);
            items.Add(new
            {
                at = row.DeliveryReportedAt ?? row.LastAttemptAt ?? row.CreatedAt,
                row.Stage,
                row.TemplateId,
                row.BorrowerId,
                phone = borrower is null ? null : LenderConsoleHandler.MaskPhone(borrower.PhoneE164),
                reason = row.Reason,
                row.DeliveryStatus,
                row.DeliveryStatusDetails,
            });
        }

        return HttpReply.Ok(JsonSerializer.Serialize(new { lenderId, from = since, to = until, failures = items }, Json));
    }

    private async Task<List<SendRecord>> ReadLedgerAsync(string lenderId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var rows = new List<SendRecord>();
        await foreach (var row in ledger.QueryAsync(lenderId, since, until, cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The lender's key checked, then the range read; the refusal (403, 429, 400) when either fails.</summary>
    private async Task<(DateTimeOffset Since, DateTimeOffset Until, HttpReply? Refusal)> AdmitForRangeAsync(
        string lenderId, string? lenderKey, string? from, string? to, CancellationToken cancellationToken) =>
        await RefuseAsync(lenderId, lenderKey, cancellationToken) is { } refusal ? (default, default, refusal) : ParseRange(from, to);

    /// <summary>The report range: from/to as dates or date-times, at most <see cref="MaxReportSpan"/>; the default is the last 30 days.</summary>
    private (DateTimeOffset Since, DateTimeOffset Until, HttpReply? Problem) ParseRange(string? from, string? to)
    {
        if (!TryParseBound(to, endOfDay: true, out var end) || !TryParseBound(from, endOfDay: false, out var start))
        {
            return (default, default, HttpReply.Problem(400, "from and to are dates (2026-11-30) or ISO 8601 date-times."));
        }

        var until = end ?? time.GetUtcNow();
        var since = start ?? until - DefaultReportSpan;
        return since >= until ? (since, until, HttpReply.Problem(400, "from must be before to."))
            : until - since > MaxReportSpan ? (since, until, HttpReply.Problem(400, "A report covers at most 366 days."))
            : (since, until, null);
    }

    /// <summary>400 for a malformed id, 403 unless the key is one of this lender's, 429 while wrong keys are slowed down; null when admitted.</summary>
    private async Task<HttpReply?> RefuseAsync(string lenderId, string? lenderKey, CancellationToken cancellationToken) =>
        (await gate.AdmitAsync(lenderId, lenderKey, cancellationToken)).Refusal;

    public async Task<HttpReply> ListFollowUpsAsync(string lenderId, string? lenderKey, string? status, CancellationToken cancellationToken = default)
    {
        if (await RefuseAsync(lenderId, lenderKey, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        FollowUpStatus? wanted;
        switch (status?.Trim().ToLowerInvariant())
        {
            case null or "" or "open":
                wanted = FollowUpStatus.Open;
                break;
            case "closed":
                wanted = FollowUpStatus.Closed;
                break;
            case "all":
                wanted = null;
                break;
            default:
                return HttpReply.Problem(400, "status is open, closed or all.");
        }

        var now = time.GetUtcNow();
        var items = new List<FollowUpView>();
        await foreach (var followUp in followUps.ListAsync(lenderId, wanted, cancellationToken))
        {
            items.Add(FollowUpView.Of(followUp.RedactedAt(now)));
        }

        return HttpReply.Ok(JsonSerializer.Serialize(new { lenderId, status = wanted?.ToString().ToLowerInvariant() ?? "all", followUps = items }, Json));
    }

    public async Task<HttpReply> CloseFollowUpAsync(string lenderId, string? lenderKey, string followUpId, Stream? body, CancellationToken cancellationToken = default)
    {
        if (await RefuseAsync(lenderId, lenderKey, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var request = await RequestBody.ReadAsync<CloseRequest>(body, cancellationToken);
        if (request.Problem is { } problem)
        {
            return problem;
        }

        var outcome = request.Value?.Outcome;
        if (outcome is not null && !FollowUpOutcomes.IsKnown(outcome))
        {
            return HttpReply.Problem(400, "outcome is one of " + string.Join(", ", FollowUpOutcomes.All) + ".");
        }

        if (!FollowUpIds.IsWellFormed(followUpId))
        {
            return HttpReply.Problem(404, "No such follow-up for this lender.");
        }

        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var current = await followUps.GetAsync(lenderId, followUpId, cancellationToken);
            if (current is null || current.LenderId != lenderId)
            {
                return HttpReply.Problem(404, "No such follow-up for this lender.");
            }

            var now = time.GetUtcNow();
            if (current.Status == FollowUpStatus.Closed)
            {
                return HttpReply.Ok(JsonSerializer.Serialize(FollowUpView.Of(current.RedactedAt(now)), Json));
            }

            // Installments first: a crash before the close leaves the follow-up open, so closing again finishes the job.
            if (current.Kind == FollowUpKind.PlanRequest)
            {
                await ClearPlanRequestsAsync(lenderId, current.Installments, cancellationToken);
            }

            var closed = current with { Status = FollowUpStatus.Closed, ClosedAt = now, Outcome = outcome };
            if (await followUps.TryUpdateAsync(closed, cancellationToken))
            {
                return HttpReply.Ok(JsonSerializer.Serialize(FollowUpView.Of(closed.RedactedAt(now)), Json));
            }
        }

        throw new InvalidOperationException($"The follow-up kept changing ({MaxConflictRetries} attempts).");
    }

    private async Task ClearPlanRequestsAsync(string lenderId, IReadOnlyList<FollowUpInstallment> refs, CancellationToken cancellationToken)
    {
        foreach (var item in refs)
        {
            var key = new InstallmentKey(lenderId, item.LoanId, item.InstallmentNo);
            for (var attempt = 0; ; attempt++)
            {
                var installment = await installments.GetAsync(key, cancellationToken);
                if (installment is null || !installment.PlanRequested
                    || await installments.TryUpdateAsync(installment with { PlanRequested = false }, cancellationToken))
                {
                    break;
                }

                if (attempt >= MaxConflictRetries)
                {
                    throw new InvalidOperationException($"The installment kept changing ({MaxConflictRetries} attempts).");
                }
            }
        }
    }

    /// <summary>A date means its whole day in UTC (to is inclusive of it); a date-time is taken as given.</summary>
    private static bool TryParseBound(string? text, bool endOfDay, out DateTimeOffset? bound)
    {
        bound = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            bound = endOfDay ? day.AddDays(1) : day;
            return true;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            bound = instant;
            return true;
        }

        return false;
    }

    private sealed record CloseRequest(string? Outcome);
}
