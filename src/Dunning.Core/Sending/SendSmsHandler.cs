using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Sending;

/// <summary>
/// SendSms: turns each job of an sms-outbox message into at most one SMS.
/// <para>
/// The ledger row (key = job id) is the exactly-once anchor: a duplicate delivery finds the row already sent and
/// stops. The row moves to Sending before ACS is called, and every call for the job carries the same
/// repeatability id (UUIDv5 of the job id) and first-sent time, so a crash or a lost response between Sending and
/// the answer is recovered on redelivery by sending again, and ACS deduplicates.
/// </para>
/// <para>
/// Transient failures (5xx, timeouts, connection loss that survived the HTTP pipeline's retries) throw
/// <see cref="TransientSendException"/>: the queue redelivers with its own visibility backoff and, after
/// <see cref="PipelineNames.MaxDequeueCount"/> deliveries, the host poisons the message and
/// <see cref="HandlePoisonAsync"/> records the job as Failed("poison"). Throwing rather than re-enqueuing keeps
/// the retry budget bounded by the host's dequeue count. Throttling (429, or every sender at its rate limit) is
/// not a failure: the message is re-enqueued with the Retry-After delay and the original is acknowledged.
/// </para>
/// </summary>
public sealed partial class SendSmsHandler(
    ISendLedger ledger,
    ISmsSender smsSender,
    IOutbox outbox,
    ISendEligibility eligibility,
    ILenderDirectory lenders,
    TimeProvider time,
    ILogger<SendSmsHandler> logger) : ISendSmsHandler
{
    /// <summary>Used when a 429 carries no Retry-After.</summary>
    public static readonly TimeSpan DefaultThrottleDelay = TimeSpan.FromSeconds(30);

    /// <summary>Reason prefix for a job stopped after an attempt whose result never came back.</summary>
    public const string OutcomeUnknown = "outcome-unknown:";

    /// <summary>
    /// SMS of one queue message sent at once: each has its own ledger row, so they are independent; two for one
    /// number meet at the cap claim, which is conditional on the number's row.
    /// </summary>
    public const int MaxParallelSends = 8;

    /// <summary>ETag conflicts tolerated while recording an outcome before giving up to a redelivery.</summary>
    private const int MaxWriteAttempts = 5;

    public async Task HandleAsync(OutboxMessage message, long dequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow();
        if (now < message.EarliestSendAt)
        {
            // Delivered early (a host that ignores visibility delays, or a clock step): wait for the window. Nothing
            // is written: whatever the ledger holds for the job, the later delivery finds it unchanged.
            await outbox.EnqueueAsync(message, message.EarliestSendAt - now, cancellationToken);
            LogDeferred(logger, message.JobId, "not-yet", message.EarliestSendAt);
            return;
        }

        var settings = await lenders.FindAsync(message.LenderId, cancellationToken);
        if (settings is null || settings.SenderIds.Count == 0 || now > message.LatestSendAt)
        {
            await EndBeforeAttemptAsync(message, settings is null || settings.SenderIds.Count == 0 ? SuppressionReasons.UnknownLender : SuppressionReasons.Superseded, now, dequeueCount, cancellationToken);
            return;
        }

        // The row goes in already Sending: the first delivery of a job, the common case, then costs one write before
        // the re-check and none between the re-check and ACS. A row that exists (a redelivery, a deferral that came
        // back, a crash mid-attempt) is taken over with its ETag, so of two deliveries racing only one goes on.
        var attempt = await BeginAttemptAsync(message, settings.SenderIds, now, dequeueCount, cancellationToken);
        if (attempt is not var (sending, earlierAttempt))
        {
            return;
        }

        var decision = await eligibility.CheckAndReserveAsync(
            new EligibilityRequest(message.JobId, message.LenderId, message.BorrowerId, message.LoanId, message.InstallmentNo, message.Stage, message.Kind, now,
                message.TemplateId, message.BorrowerKey, KnownFrom(message)),
            cancellationToken);
        switch (decision.Verdict)
        {
            case Verdict.Suppress:
                await StopAsync(sending, decision.Reason ?? SuppressionReasons.SendFailed, earlierAttempt, cancellationToken);
                return;
            case Verdict.Defer:
                var until = decision.DeferUntil ?? now + DefaultThrottleDelay;
                if (until > message.LatestSendAt)
                {
                    // Held past the last moment the message is worth sending (a cap full for days): end it now
                    // rather than park it on the queue only to find it stale.
                    await StopAsync(sending, SuppressionReasons.Superseded, earlierAttempt, cancellationToken);
                    return;
                }

                await outbox.EnqueueAsync(message, until > now ? until - now : TimeSpan.Zero, cancellationToken);
                await UpdateAsync(sending, r => r.State == SendState.Sending ? UndoAttempt(r, earlierAttempt) : null, cancellationToken);
                LogDeferred(logger, message.JobId, decision.Reason ?? "deferred", until);
                return;
        }

        var result = await smsSender.SendAsync(
            new SmsSendRequest(
                sending.SenderId ?? SenderSelection.For(settings.SenderIds, message.BorrowerKey),
                message.To,
                message.Text,
                RepeatabilityId.For(message.JobId),
                sending.FirstAttemptAt ?? now,
                Tag: message.JobId),
            cancellationToken);

        switch (result.Status)
        {
            case SmsSendStatus.Accepted:
                var sentAt = time.GetUtcNow();
                await UpdateAsync(sending, r => r.WasSent ? null : r with { State = SendState.Sent, SentAt = sentAt, MessageId = result.MessageId, Reason = null }, cancellationToken);
                LogSent(logger, message.JobId, result.HttpStatusCode);
                break;
            case SmsSendStatus.Throttled:
                var delay = result.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : DefaultThrottleDelay;
                if (SendPacing.MissesItsWindow(message, settings, now, now + delay))
                {
                    await StopAsync(sending, SuppressionReasons.OverSendCapacity, result.Attempted ? sending.FirstAttemptAt ?? now : earlierAttempt, cancellationToken);
                    LogThrottled(logger, message.JobId, result.HttpStatusCode, delay);
                    break;
                }

                await outbox.EnqueueAsync(message, delay, cancellationToken);
                // An ACS 429 keeps the attempt (the retry repeats the same request); our own sender limit sent nothing,
                // so that attempt is undone and a message that later goes stale ends Suppressed, not outcome-unknown.
                await UpdateAsync(
                    sending,
                    r => r.State != SendState.Sending ? null : result.Attempted ? r with { State = SendState.Pending } : UndoAttempt(r, earlierAttempt),
                    cancellationToken);
                LogThrottled(logger, message.JobId, result.HttpStatusCode, delay);
                break;
            case SmsSendStatus.Permanent:
                var reason = result.ErrorCode ?? $"acs-{result.HttpStatusCode}";
                await UpdateAsync(sending, r => r.WasSent || r.IsFinal ? null : r with { State = SendState.Failed, Reason = reason }, cancellationToken);
                LogPermanentFailure(logger, message.JobId, result.HttpStatusCode, reason);
                break;
            default:
                LogTransientFailure(logger, message.JobId, result.HttpStatusCode, dequeueCount);
                throw new TransientSendException(message.JobId, result.HttpStatusCode);
        }
    }

    public async Task HandleQueueMessageAsync(string body, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var failures = new List<Exception>();
        await Parallel.ForEachAsync(
            OutboxEnvelope.Read(body),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = cancellationToken },
            async (message, ct) =>
            {
                try
                {
                    await HandleAsync(message, dequeueCount, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    lock (failures)
                    {
                        failures.Add(e);
                    }
                }
            });
        switch (failures.Count)
        {
            case 0:
                return;
            case 1:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
                return;
            default:
                throw new AggregateException($"{failures.Count} SMS of one sms-outbox message failed; the queue redelivers it.", failures);
        }
    }

    public async Task HandlePoisonQueueMessageAsync(string body, CancellationToken cancellationToken = default)
    {
        foreach (var message in OutboxEnvelope.Read(body))
        {
            await HandlePoisonAsync(message, cancellationToken);
        }
    }

    public async Task HandlePoisonAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow();
        var record = await ledger.GetOrAddAsync(SendRecord.For(message, SendState.Failed, SuppressionReasons.Poison, now), cancellationToken);
        if (record.WasSent || record.IsFinal)
        {
            LogAlreadyHandled(logger, message.JobId, record.State, PipelineNames.MaxDequeueCount);
            return;
        }

        await FinishAsync(record, SendState.Failed, SuppressionReasons.Poison, cancellationToken);
    }

    /// <summary>
    /// The job's ledger row in state Sending for this delivery, and whether an earlier delivery may already have
    /// reached ACS (its first-attempt time); null when the job is done or another delivery holds the row.
    /// </summary>
    private async Task<(SendRecord Sending, DateTimeOffset? EarlierAttempt)?> BeginAttemptAsync(
        OutboxMessage message, IReadOnlyList<string> senderIds, DateTimeOffset now, long dequeueCount, CancellationToken cancellationToken)
    {
        var first = SendRecord.For(message, SendState.Sending, reason: null, now) with
        {
            FirstAttemptAt = now,
            LastAttemptAt = now,
            Attempts = 1,
            SenderId = SenderSelection.For(senderIds, message.BorrowerKey),
        };
        if (await ledger.TryAddAsync(first, cancellationToken) is { } inserted)
        {
            return (inserted, null);
        }

        if (await UnfinishedRowAsync(message, dequeueCount, cancellationToken) is not { } existing)
        {
            return null;
        }

        // A retry keeps the sender and first-sent time of the first attempt: the repeatable request must be the same request.
        var sending = existing with
        {
            State = SendState.Sending,
            FirstAttemptAt = existing.FirstAttemptAt ?? now,
            LastAttemptAt = now,
            Attempts = existing.Attempts + 1,
            SenderId = existing.SenderId ?? first.SenderId,
        };
        if (await ledger.TryReplaceAsync(sending, cancellationToken) is not { } stored)
        {
            // Another delivery of the same job is sending it right now; its own message stays on the queue
            // until it finishes, so acknowledging this one loses nothing.
            LogConcurrentDelivery(logger, message.JobId);
            return null;
        }

        return (stored, existing.FirstAttemptAt);
    }

    /// <summary>The job's existing ledger row when it may still be sent or stopped; null (logged) when it is done.</summary>
    private async Task<SendRecord?> UnfinishedRowAsync(OutboxMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        var existing = await ledger.GetAsync(message.LenderId, message.JobId, cancellationToken);
        if (existing is null || existing.WasSent || existing.IsFinal)
        {
            LogAlreadyHandled(logger, message.JobId, existing?.State ?? SendState.Pending, dequeueCount);
            return null;
        }

        return existing;
    }

    /// <summary>The row as it was before this delivery's attempt began, for a message that goes back on the queue.</summary>
    private static SendRecord UndoAttempt(SendRecord row, DateTimeOffset? earlierAttempt) => row with
    {
        State = SendState.Pending,
        FirstAttemptAt = earlierAttempt,
        Attempts = Math.Max(0, row.Attempts - 1),
        SenderId = earlierAttempt is null ? null : row.SenderId,
    };

    /// <summary>Ends a job before any attempt: a new row goes in final; an existing one is stopped unless it is done.</summary>
    private async Task EndBeforeAttemptAsync(OutboxMessage message, string reason, DateTimeOffset now, long dequeueCount, CancellationToken cancellationToken)
    {
        if (await ledger.TryAddAsync(SendRecord.For(message, SendState.Suppressed, reason, now), cancellationToken) is not null)
        {
            LogFinished(logger, message.JobId, SendState.Suppressed, reason);
            return;
        }

        if (await UnfinishedRowAsync(message, dequeueCount, cancellationToken) is not { } existing)
        {
            return;
        }

        await StopAsync(existing, reason, existing.FirstAttemptAt, cancellationToken);
    }

    /// <summary>
    /// What personalize checked and read travels with a scheduled message: the borrower's consent and zone, and the
    /// number's status row (its ETag and cap entries), so the re-check reads only the installment and, when the
    /// number's row is unchanged, claims the cap slot with one conditional write.
    /// </summary>
    private static KnownFacts? KnownFrom(OutboxMessage message) =>
        message.Kind == MessageKind.Scheduled && message.BorrowerTimeZone is not null
            ? new KnownFacts(
                Phone: message.PhoneETag is null ? null : new Borrowers.PhoneStatus
                {
                    LenderId = message.LenderId,
                    PhoneHash = message.BorrowerKey,
                    Caps = message.PhoneCaps ?? [],
                    ETag = message.PhoneETag,
                },
                TimeZone: message.BorrowerTimeZone,
                SentFromPersonalize: true,
                InstallmentDueDate: message.InstallmentDueDate)
            : null;

    /// <summary>
    /// Ends a job that must not be sent now. If an earlier attempt may have reached ACS (a lost response), the
    /// message may be out already: it ends Failed("outcome-unknown") instead of Suppressed, so a delivery report
    /// that arrives later can still record it as Delivered.
    /// </summary>
    private Task StopAsync(SendRecord record, string reason, DateTimeOffset? earlierAttempt, CancellationToken cancellationToken) =>
        earlierAttempt is null
            ? FinishAsync(record, SendState.Suppressed, reason, cancellationToken)
            : FinishAsync(record, SendState.Failed, OutcomeUnknown + reason, cancellationToken);

    private async Task FinishAsync(SendRecord record, SendState state, string reason, CancellationToken cancellationToken)
    {
        var finished = record with { State = state, Reason = reason };
        if (!await ledger.TryUpdateAsync(finished, cancellationToken))
        {
            await UpdateAsync(record.LenderId, record.JobId, r => r.WasSent || r.IsFinal ? null : r with { State = state, Reason = reason }, cancellationToken);
        }

        LogFinished(logger, record.JobId, state, reason);
    }

    /// <summary>
    /// The change applied to the row as this delivery last wrote it (no read when nobody else wrote since), then
    /// read-modify-write with the row's ETag; <paramref name="change"/> returns null when nothing is left to do.
    /// </summary>
    private async Task UpdateAsync(SendRecord written, Func<SendRecord, SendRecord?> change, CancellationToken cancellationToken)
    {
        if (written.ETag is not null)
        {
            if (change(written) is not { } first || await ledger.TryUpdateAsync(first, cancellationToken))
            {
                return;
            }
        }

        await UpdateAsync(written.LenderId, written.JobId, change, cancellationToken);
    }

    /// <summary>Read-modify-write with the row's ETag; <paramref name="change"/> returns null when nothing is left to do.</summary>
    private async Task UpdateAsync(string lenderId, string jobId, Func<SendRecord, SendRecord?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var current = await ledger.GetAsync(lenderId, jobId, cancellationToken);
            if (current is null || change(current) is not { } updated)
            {
                return;
            }

            if (await ledger.TryUpdateAsync(updated, cancellationToken))
            {
                return;
            }
        }

        // Persistent contention: let the queue redeliver; the ledger and repeatability id keep the retry safe.
        throw new InvalidOperationException($"The ledger row for job {jobId} kept changing; giving up to a redelivery.");
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Job {JobId} is already {State}; delivery {DequeueCount} acknowledged without sending.")]
    private static partial void LogAlreadyHandled(ILogger logger, string jobId, SendState state, long dequeueCount);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Job {JobId} deferred ({Reason}) until {DeferUntil}.")]
    private static partial void LogDeferred(ILogger logger, string jobId, string reason, DateTimeOffset deferUntil);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Job {JobId} is being sent by another delivery; this one is acknowledged.")]
    private static partial void LogConcurrentDelivery(ILogger logger, string jobId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Job {JobId} sent (HTTP {StatusCode}).")]
    private static partial void LogSent(ILogger logger, string jobId, int statusCode);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Job {JobId} throttled (HTTP {StatusCode}); re-enqueued after {Delay}.")]
    private static partial void LogThrottled(ILogger logger, string jobId, int statusCode, TimeSpan delay);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Job {JobId} failed permanently (HTTP {StatusCode}, {Reason}).")]
    private static partial void LogPermanentFailure(ILogger logger, string jobId, int statusCode, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Job {JobId} hit a transient failure (HTTP {StatusCode}) on delivery {DequeueCount}; the queue will redeliver.")]
    private static partial void LogTransientFailure(ILogger logger, string jobId, int statusCode, long dequeueCount);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Job {JobId} ended {State} ({Reason}).")]
    private static partial void LogFinished(ILogger logger, string jobId, SendState state, string reason);
}
