using System.Globalization;
using System.Text;
using System.Text.Json;
using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Privacy;
using Dunning.Core.Sending;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Reports;

/// <summary>
/// What the console asks of the book, behind the lender's key (<see cref="LenderGate"/>). The lender id comes from
/// the route and is the only partition read or written, so another lender's follow-up or borrower id is simply not
/// found: the same 404 as an id that never existed. A staff reply goes the one send path (sms-outbox, the ledger,
/// SendSms's re-check) and is logged by job id only.
/// </summary>
public sealed partial class LenderConsoleHandler(
    LenderGate gate,
    IFollowUpStore followUps,
    IBorrowerDirectory borrowers,
    IInstallmentStore installments,
    ILoanIndex loans,
    ISendLedger ledger,
    IOutbox outbox,
    IPhoneHasher hasher,
    TemplateUploadService templateUploads,
    TimeProvider time,
    ILogger<LenderConsoleHandler> logger) : ILenderConsoleHandler
{
    public const string StaffReplyTemplateId = "staff-reply";
    public const int MaxPauseDays = 60;
    public const int MaxReplyLength = 1000;

    /// <summary>A staff answer not sent within this long of its earliest moment is stale and ends Suppressed.</summary>
    public static readonly TimeSpan StaffReplyValidity = TimeSpan.FromDays(3);

    /// <summary>How far back the timeline reads the ledger (a partition range read of the lender's Sends rows).</summary>
    public static readonly TimeSpan TimelineLookback = TimeSpan.FromDays(60);

    private const int MaxConflictRetries = 8;
    private const string NoSuchFollowUp = "No such follow-up for this lender.";
    private const string NoSuchBorrower = "No such borrower for this lender.";

    public static string StaffReplyJobId(string lenderId, string followUpId, string text) =>
        $"{lenderId}:staff:{followUpId}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8)}";

    public async Task<HttpReply> ReplyAsync(string lenderId, string? lenderKey, string followUpId, Stream? body, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (admission.Lender is not { } lender)
        {
            return admission.Refusal!;
        }

        var (request, problem) = await RequestBody.ReadAsync<ReplyRequest>(body, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request?.Text) || request.Text.Length > MaxReplyLength)
        {
            return HttpReply.Problem(400, $"text is the answer to send, 1-{MaxReplyLength} characters.");
        }

        var followUp = FollowUpIds.IsWellFormed(followUpId) ? await followUps.GetAsync(lenderId, followUpId, cancellationToken) : null;
        if (followUp is null || followUp.LenderId != lenderId)
        {
            return HttpReply.Problem(404, NoSuchFollowUp);
        }

        var borrower = followUp.BorrowerId is { } borrowerId ? await borrowers.GetAsync(lenderId, borrowerId, cancellationToken) : null;
        if (borrower is null)
        {
            return HttpReply.Problem(409, "This follow-up has no known borrower to answer.");
        }

        var phone = await borrowers.FindPhoneAsync(lenderId, borrower.PhoneHash, cancellationToken);
        if (phone is { OptedOut: true } or { WrongNumber: true })
        {
            return HttpReply.Problem(409, phone.OptedOut ? "The number has opted out: nothing more may be sent to it." : "The number is marked as a wrong number: nothing more may be sent to it.");
        }

        var language = Languages.Normalize(borrower.Language) ?? Languages.Normalize(lender.DefaultLanguage) ?? Languages.Chinese;
        var (text, lint) = StaffReplyText.Compose(request.Text, language, lender, followUp.Kind);
        if (!lint.Passed)
        {
            return new HttpReply(422, JsonSerializer.Serialize(new
            {
                error = "The lint refused the text.",
                findings = lint.Findings.Select(f => new { ruleId = f.RuleId, words = f.Words, message = f.Message }),
            }, LenderApiHandler.Json));
        }

        var now = time.GetUtcNow();
        var window = SendWindow.For(lender, SendWindow.ResolveTimeZone(borrower.TimeZone, lender.DefaultTimeZone));
        var earliest = window.Allows(now) ? now : window.NextAllowed(now) ?? now;
        var jobId = StaffReplyJobId(lenderId, followUp.Id, text);

        // The same text posted twice (a double click, a retried request) is one job: the ledger lets it go once, and
        // a row already there means SendSms has it, so it is not queued again.
        if (await ledger.GetAsync(lenderId, jobId, cancellationToken) is null)
        {
            await outbox.EnqueueAsync(
                new OutboxMessage
                {
                    JobId = jobId,
                    LenderId = lenderId,
                    BorrowerId = borrower.BorrowerId,
                    BorrowerKey = borrower.PhoneHash,
                    To = borrower.PhoneE164,
                    Text = text,
                    Encoding = lint.Encoding,
                    Segments = lint.Segments,
                    Stage = Stage.ReplyName,
                    TemplateId = StaffReplyTemplateId,
                    TemplateVersion = "staff",
                    Kind = MessageKind.StaffReply,
                    EarliestSendAt = earliest,
                    LatestSendAt = earliest + StaffReplyValidity,
                    BorrowerTimeZone = borrower.TimeZone,
                },
                earliest > now ? earliest - now : TimeSpan.Zero,
                cancellationToken);
        }

        await RecordStaffReplyAsync(followUp, new StaffReplyRecord(jobId, now, lender.ReplyRetentionDays > 0 ? text : null, now.AddDays(lender.ReplyRetentionDays)), cancellationToken);
        LogStaffReplyQueued(logger, lenderId, followUp.Id, jobId, earliest);
        return new HttpReply(202, JsonSerializer.Serialize(new { jobId, earliestSendAt = earliest, segments = lint.Segments, encoding = lint.Encoding }, LenderApiHandler.Json));
    }

    private async Task RecordStaffReplyAsync(FollowUp followUp, StaffReplyRecord reply, CancellationToken cancellationToken)
    {
        var current = followUp;
        for (var attempt = 0; attempt < MaxConflictRetries && current is not null; attempt++)
        {
            if (current.StaffReplies.Any(r => r.JobId == reply.JobId)
                || await followUps.TryUpdateAsync(current with { StaffReplies = [.. current.StaffReplies, reply] }, cancellationToken))
            {
                return;
            }

            current = await followUps.GetAsync(followUp.LenderId, followUp.Id, cancellationToken);
        }

        throw new InvalidOperationException($"The follow-up kept changing ({MaxConflictRetries} attempts).");
    }

    public async Task<HttpReply> PauseBorrowerAsync(string lenderId, string? lenderKey, string borrowerId, Stream? body, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (!admission.Admitted)
        {
            return admission.Refusal!;
        }

        var (request, problem) = await RequestBody.ReadAsync<PauseRequest>(body, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (request?.Days is not { } days || days < 0 || days > MaxPauseDays)
        {
            return HttpReply.Problem(400, $"days is a whole number from 0 (lift the pause) to {MaxPauseDays}.");
        }

        if (await borrowers.GetAsync(lenderId, borrowerId, cancellationToken) is not { } borrower)
        {
            return HttpReply.Problem(404, NoSuchBorrower);
        }

        var until = days == 0 ? (DateTimeOffset?)null : time.GetUtcNow().AddDays(days);
        var saved = await borrowers.UpdatePhoneAsync(lenderId, borrower.PhoneHash, s => s.PausedUntil == until ? null : s with { PausedUntil = until }, cancellationToken);
        LogBorrowerPaused(logger, lenderId, days);
        return HttpReply.Ok(JsonSerializer.Serialize(new { borrowerId, pausedUntil = saved.PausedUntil }, LenderApiHandler.Json));
    }

    public async Task<HttpReply> MarkWrongNumberAsync(string lenderId, string? lenderKey, string borrowerId, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (!admission.Admitted)
        {
            return admission.Refusal!;
        }

        if (await borrowers.GetAsync(lenderId, borrowerId, cancellationToken) is not { } borrower)
        {
            return HttpReply.Problem(404, NoSuchBorrower);
        }

        var saved = await borrowers.UpdatePhoneAsync(lenderId, borrower.PhoneHash, s => s.WrongNumber ? null : s with { WrongNumber = true }, cancellationToken);
        LogWrongNumberMarked(logger, lenderId);
        return HttpReply.Ok(JsonSerializer.Serialize(new { borrowerId, wrongNumber = saved.WrongNumber }, LenderApiHandler.Json));
    }

    public async Task<HttpReply> FindBorrowersAsync(string lenderId, string? lenderKey, string? loanId, string? phone, string? borrowerId, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (admission.Lender is not { } lender)
        {
            return admission.Refusal!;
        }

        var ids = new SortedSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(borrowerId))
        {
            ids.Add(borrowerId.Trim());
        }
        else if (!string.IsNullOrWhiteSpace(loanId))
        {
            await foreach (var key in loans.ListAsync(lenderId, loanId.Trim(), cancellationToken))
            {
                if (await installments.GetAsync(key, cancellationToken) is { } installment)
                {
                    ids.Add(installment.BorrowerId);
                }
            }
        }
        else if (!string.IsNullOrWhiteSpace(phone))
        {
            // The number is never stored where it could be listed: it is read as E.164 and found by its HMAC.
            foreach (var reading in InboundNumbers.Readings(phone, lender.DefaultRegion))
            {
                if (await borrowers.FindPhoneAsync(lenderId, hasher.Hash(reading), cancellationToken) is { } status)
                {
                    ids.UnionWith(status.BorrowerIds);
                }
            }
        }
        else
        {
            return HttpReply.Problem(400, "Search by loanId, phone or borrowerId.");
        }

        var found = new List<object>();
        foreach (var id in ids)
        {
            if (await borrowers.GetAsync(lenderId, id, cancellationToken) is { } borrower)
            {
                found.Add(new { borrower.BorrowerId, borrower.Name, phone = MaskPhone(borrower.PhoneE164), borrower.Language, borrower.TimeZone });
            }
        }

        return HttpReply.Ok(JsonSerializer.Serialize(new { lenderId, borrowers = found }, LenderApiHandler.Json));
    }

    /// <summary>The last four digits only: enough for staff to confirm a caller, useless to anyone else.</summary>
    public static string MaskPhone(string e164) =>
        e164.Length <= 4 ? new string('•', e164.Length) : new string('•', e164.Length - 4) + e164[^4..];

    public async Task<HttpReply> GetTimelineAsync(string lenderId, string? lenderKey, string borrowerId, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (admission.Lender is not { } lender)
        {
            return admission.Refusal!;
        }

        if (await borrowers.GetAsync(lenderId, borrowerId, cancellationToken) is not { } borrower)
        {
            return HttpReply.Problem(404, NoSuchBorrower);
        }

        var now = time.GetUtcNow();
        var messages = new List<SendRecord>();
        await foreach (var row in ledger.QueryAsync(lenderId, now - TimelineLookback, now.AddSeconds(1), cancellationToken))
        {
            if (row.BorrowerId == borrower.BorrowerId)
            {
                messages.Add(row);
            }
        }

        var raised = new List<FollowUp>();
        await foreach (var followUp in followUps.ListAsync(lenderId, null, cancellationToken))
        {
            if (followUp.BorrowerId == borrower.BorrowerId || followUp.PhoneHash == borrower.PhoneHash)
            {
                raised.Add(followUp.RedactedAt(now));
            }
        }

        var keys = messages.Where(m => m.LoanId is not null && m.InstallmentNo is not null)
            .Select(m => new InstallmentKey(lenderId, m.LoanId!, m.InstallmentNo!.Value))
            .Concat(raised.SelectMany(f => f.Installments).Select(i => new InstallmentKey(lenderId, i.LoanId, i.InstallmentNo)))
            .Distinct();
        var owned = new List<Installment>();
        foreach (var key in keys)
        {
            if (await installments.GetAsync(key, cancellationToken) is { } installment && installment.BorrowerId == borrower.BorrowerId)
            {
                owned.Add(installment);
            }
        }

        var phone = await borrowers.FindPhoneAsync(lenderId, borrower.PhoneHash, cancellationToken);
        var timeline = BorrowerTimeline.Build(lender, borrower, phone, messages, raised, owned, now);
        return HttpReply.Ok(JsonSerializer.Serialize(timeline, LenderApiHandler.Json));
    }

    public async Task<HttpReply> CheckTemplateAsync(string lenderId, string? lenderKey, Stream? body, bool save, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (admission.Lender is not { } lender)
        {
            return admission.Refusal!;
        }

        var (request, problem) = await RequestBody.ReadAsync<TemplateRequest>(body, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (request is not { Name: { Length: > 0 } name, Language: { Length: > 0 } language, Text: { } text })
        {
            return HttpReply.Problem(400, "name (a stage such as T-3), language (zh-CN or en) and text are required.");
        }

        var report = save
            ? await templateUploads.UploadAsync(lenderId, name, language, text, cancellationToken)
            : await TemplateValidator.ValidateAsync(name, language, text, lender);
        var lint = report.SampleLint;
        var json = JsonSerializer.Serialize(new
        {
            report.Name,
            report.Language,
            report.Accepted,
            saved = save && report.Accepted,
            report.ParseError,
            report.UnknownFields,
            report.Problems,
            findings = lint?.Findings.Select(f => new { ruleId = f.RuleId, words = f.Words, message = f.Message }),
            segments = lint?.Segments,
            units = lint?.Units,
            encoding = lint?.Encoding,
            cost = lint is null ? null : new { amount = lint.Cost.Amount, currency = lint.Cost.Currency },
            preview = report.SampleText,
        }, LenderApiHandler.Json);
        return new HttpReply(save && !report.Accepted ? 422 : 200, json);
    }

    private sealed record ReplyRequest(string? Text);

    private sealed record PauseRequest(int? Days);

    private sealed record TemplateRequest(string? Name, string? Language, string? Text);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Staff reply {JobId} to follow-up {FollowUpId} of lender {LenderId} queued, earliest {EarliestSendAt}.")]
    private static partial void LogStaffReplyQueued(ILogger logger, string lenderId, string followUpId, string jobId, DateTimeOffset earliestSendAt);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Staff paused a borrower of lender {LenderId} for {Days} days.")]
    private static partial void LogBorrowerPaused(ILogger logger, string lenderId, int days);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Staff marked a wrong number for lender {LenderId}.")]
    private static partial void LogWrongNumberMarked(ILogger logger, string lenderId);
}
