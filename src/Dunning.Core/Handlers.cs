using Dunning.Core.Jobs;
using Dunning.Core.Sending;

namespace Dunning.Core;

// The handler contracts the Functions app and the local host both call. A trigger binds, calls one of
// these, and returns; everything with an `if` lives behind them.

public sealed record IngestSummary(
    string LenderId,
    string FileName,
    int RowsRead,
    int Stored,
    int Unchanged,
    int Rejected,
    string? FileError,
    string? ReportCsvPath,
    string? ReportJsonPath,
    int Duplicates = 0);

public interface IIngestScheduleHandler
{
    Task<IngestSummary> HandleAsync(string lenderId, string fileName, Stream content, CancellationToken cancellationToken = default);
}

public interface IIngestPaymentsHandler
{
    Task<IngestSummary> HandleAsync(string lenderId, string fileName, Stream content, CancellationToken cancellationToken = default);
}

public sealed record ScanSummary(DateTimeOffset ScannedAt, int InstallmentsRead, int JobsEnqueued, int MessagesEnqueued, int PartitionsRead);

public interface IScanDueInstallmentsHandler
{
    Task<ScanSummary> HandleAsync(CancellationToken cancellationToken = default);
}

public interface IPersonalizeReminderHandler
{
    Task HandleAsync(ReminderJobBatch batch, CancellationToken cancellationToken = default);

    /// <summary>A batch that exhausted its retries: each job without a final state ends as Failed("poison").</summary>
    Task HandlePoisonAsync(ReminderJobBatch batch, CancellationToken cancellationToken = default);
}

public interface ISendSmsHandler
{
    /// <param name="dequeueCount">The queue's dequeue count for this message (1 on first delivery).</param>
    Task HandleAsync(OutboxMessage message, long dequeueCount, CancellationToken cancellationToken = default);

    /// <summary>A message that exhausted its retries: its job is marked Failed with the reason.</summary>
    Task HandlePoisonAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// One sms-outbox queue message, which may carry several SMS (<see cref="OutboxEnvelope"/>). Each is handled as
    /// <see cref="HandleAsync"/> would, several at once; when any of them failed, this throws once the others are
    /// done, so the queue redelivers the message and the ledger stops the ones already sent from going twice.
    /// </summary>
    Task HandleQueueMessageAsync(string body, long dequeueCount, CancellationToken cancellationToken = default);

    /// <summary>An sms-outbox queue message that exhausted its retries: every job it carries that is not done ends Failed.</summary>
    Task HandlePoisonQueueMessageAsync(string body, CancellationToken cancellationToken = default);
}

/// <summary>An HTTP request reduced to what the handlers need, so Core stays free of ASP.NET.</summary>
public sealed record HttpCall(
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    Stream Body,
    long? ContentLength);

public sealed record HttpReply(int StatusCode, string? JsonBody = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static HttpReply Ok(string? json = null) => new(200, json);

    public static HttpReply Problem(int status, string reason) =>
        new(status, System.Text.Json.JsonSerializer.Serialize(new { error = reason }));
}

public interface ISmsEventsHandler
{
    Task<HttpReply> HandleAsync(HttpCall call, CancellationToken cancellationToken = default);
}

/// <summary>
/// The lender routes. <c>lenderKey</c> is the x-lender-key header: only a key of the lender named in the route
/// is admitted (403 otherwise, 429 while wrong keys are slowed down), and it is the only guard: the routes need no
/// function key, so the console in a browser never holds the app-wide one.
/// </summary>
public interface ILenderApiHandler
{
    /// <summary>GET report?from=&amp;to= : the funnel for one lender (only that lender's rows).</summary>
    Task<HttpReply> GetReportAsync(string lenderId, string? lenderKey, string? from, string? to, CancellationToken cancellationToken = default);

    Task<HttpReply> ListFollowUpsAsync(string lenderId, string? lenderKey, string? status, CancellationToken cancellationToken = default);

    /// <summary>GET report/daily?from=&amp;to=&amp;format=json|csv : the funnel's figures per UTC day.</summary>
    Task<HttpReply> GetDailyTrendAsync(string lenderId, string? lenderKey, string? from, string? to, string? format, CancellationToken cancellationToken = default);

    /// <summary>GET report/failures?from=&amp;to= : failed messages, newest first, with the reason and the masked number.</summary>
    Task<HttpReply> ListFailedDeliveriesAsync(string lenderId, string? lenderKey, string? from, string? to, CancellationToken cancellationToken = default);

    /// <summary>POST followups/{id}/close with an optional body <c>{"outcome": "promise-to-pay"}</c>.</summary>
    Task<HttpReply> CloseFollowUpAsync(string lenderId, string? lenderKey, string followUpId, Stream? body, CancellationToken cancellationToken = default);
}

/// <summary>
/// The console's routes beyond <see cref="ILenderApiHandler"/>: answer, pause, mark, look up, check templates. Each is
/// guarded by the lender's key alone, and an id of another lender is answered like a missing one (404).
/// </summary>
public interface ILenderConsoleHandler
{
    /// <summary>POST followups/{id}/reply <c>{"text": "…"}</c>: 202 with the job id, 422 with lint findings, 409 when the number may not be messaged.</summary>
    Task<HttpReply> ReplyAsync(string lenderId, string? lenderKey, string followUpId, Stream? body, CancellationToken cancellationToken = default);

    /// <summary>POST borrowers/{id}/pause <c>{"days": N}</c>: no scheduled message to the borrower's number until then (0 lifts it).</summary>
    Task<HttpReply> PauseBorrowerAsync(string lenderId, string? lenderKey, string borrowerId, Stream? body, CancellationToken cancellationToken = default);

    /// <summary>POST borrowers/{id}/wrong-number: the number is never messaged again.</summary>
    Task<HttpReply> MarkWrongNumberAsync(string lenderId, string? lenderKey, string borrowerId, CancellationToken cancellationToken = default);

    /// <summary>GET borrowers?loanId= | ?phone= | ?borrowerId=.</summary>
    Task<HttpReply> FindBorrowersAsync(string lenderId, string? lenderKey, string? loanId, string? phone, string? borrowerId, CancellationToken cancellationToken = default);

    /// <summary>GET borrowers/{id}/timeline.</summary>
    Task<HttpReply> GetTimelineAsync(string lenderId, string? lenderKey, string borrowerId, CancellationToken cancellationToken = default);

    /// <summary>POST templates/check (or, with <paramref name="save"/>, templates) <c>{"name", "language", "text"}</c>.</summary>
    Task<HttpReply> CheckTemplateAsync(string lenderId, string? lenderKey, Stream? body, bool save, CancellationToken cancellationToken = default);
}

/// <summary>The console's uploads: a CSV lands under the lender's own prefix and goes through the same ingest.</summary>
public interface ILenderUploadHandler
{
    /// <summary>POST uploads/{kind}?name=march.csv with the CSV as the body (kind = schedules or payments): 202 with the stored name.</summary>
    Task<HttpReply> UploadAsync(string lenderId, string? lenderKey, string kind, string? fileName, Stream body, CancellationToken cancellationToken = default);

    /// <summary>GET uploads/{kind}/{name}: 202 until the ingest has run, then the counts and the error lines.</summary>
    Task<HttpReply> GetResultAsync(string lenderId, string? lenderKey, string kind, string name, CancellationToken cancellationToken = default);
}

/// <summary>The console's settings page: the document in force, a checked save, key rotation.</summary>
public interface ILenderSettingsConsoleHandler
{
    /// <summary>GET settings: the settings in force as a settings document, and how many keys the lender has.</summary>
    Task<HttpReply> GetAsync(string lenderId, string? lenderKey, CancellationToken cancellationToken = default);

    /// <summary>POST settings with a settings document: 422 with each field's reason, or the new document in force.</summary>
    Task<HttpReply> SaveAsync(string lenderId, string? lenderKey, Stream body, CancellationToken cancellationToken = default);

    /// <summary>POST settings/key: a new key replaces every old one; returned once.</summary>
    Task<HttpReply> RotateKeyAsync(string lenderId, string? lenderKey, CancellationToken cancellationToken = default);
}
