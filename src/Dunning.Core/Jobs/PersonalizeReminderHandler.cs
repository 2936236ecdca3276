using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.Experiments;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Personalization;
using Dunning.Core.Sending;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Jobs;

/// <summary>
/// PersonalizeReminder: each job becomes a rendered, linted message on sms-outbox, a deferral back onto
/// reminder-jobs, or a suppression with its reason; every decision lands in the contact log. A failure on
/// one job throws and the host retries the batch; that is safe because an outbox message is keyed by its
/// job id and SendSms sends each job at most once.
/// </summary>
public sealed partial class PersonalizeReminderHandler(
    ILenderDirectory lenders,
    IBorrowerDirectory borrowers,
    IInstallmentStore installments,
    ISendEligibility eligibility,
    TemplateCatalog templates,
    IOutbox outbox,
    IJobQueue jobQueue,
    IContactLog contactLog,
    ISendLedger ledger,
    TimeProvider time,
    ILogger<PersonalizeReminderHandler> logger,
    IVariantPolicy? variants = null) : IPersonalizeReminderHandler
{
    /// <summary>Queue messages cannot stay invisible for longer than 7 days; a longer deferral simply defers again.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    /// <summary>Jobs of one batch personalised at once.</summary>
    public const int MaxParallelJobs = 8;

    private readonly StageMessageComposer composer = new(templates, logger);

    public async Task HandleAsync(ReminderJobBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // The batch's decisions go to the contact log together, one transaction per lender, once every job is
        // done: a batch that fails is retried whole and records its decisions then.
        // Jobs of one batch are independent (each has its own ledger row and outbox message; two jobs for one
        // number meet at the send-time cap claim), so they run side by side: a batch costs a few round trips of
        // latency instead of 32 jobs' worth.
        var decisions = new List<ContactDecision>(batch.Jobs.Count);
        var ready = new List<OutboxMessage>(batch.Jobs.Count);
        await Parallel.ForEachAsync(
            batch.Jobs,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelJobs, CancellationToken = cancellationToken },
            async (job, ct) =>
            {
                var jobDecisions = new List<ContactDecision>(1);
                var message = await HandleJobAsync(job, jobDecisions, ct);
                lock (decisions)
                {
                    decisions.AddRange(jobDecisions);
                    if (message is not null)
                    {
                        ready.Add(message);
                    }
                }
            });

        // The batch's messages go out together, several to a queue message, before the contact log records them as
        // sent: a crash in between retries the batch, and SendSms's ledger makes the second copy harmless.
        if (ready.Count > 0)
        {
            await outbox.EnqueueManyAsync(ready, cancellationToken);
        }

        await RequeueDeferredAsync(batch, decisions, cancellationToken);
        await contactLog.RecordManyAsync(decisions, cancellationToken);
    }

    /// <summary>The job's decision, recorded in <paramref name="decisions"/>; the message to send when it is Send.</summary>
    private async Task<OutboxMessage?> HandleJobAsync(ReminderJob job, List<ContactDecision> decisions, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = await lenders.FindAsync(job.LenderId, cancellationToken);
        if (settings is null)
        {
            await SuppressAsync(decisions, job, "", SuppressionReasons.UnknownLender, now, cancellationToken);
            return null;
        }

        var installment = await installments.GetAsync(job.InstallmentKey, job.DueDate, cancellationToken);
        if (installment is null)
        {
            await SuppressAsync(decisions, job, "", SuppressionReasons.UnknownInstallment, now, cancellationToken);
            return null;
        }

        var borrower = await borrowers.GetAsync(job.LenderId, installment.BorrowerId, cancellationToken);
        if (borrower is null)
        {
            await SuppressAsync(decisions, job, installment.BorrowerId, SuppressionReasons.UnknownBorrower, now, cancellationToken);
            return null;
        }

        var phone = await borrowers.FindPhoneAsync(job.LenderId, borrower.PhoneHash, cancellationToken);
        var decision = await eligibility.CheckAsync(
            new EligibilityRequest(job.JobId, job.LenderId, borrower.BorrowerId, job.LoanId, job.InstallmentNo, job.Stage, MessageKind.Scheduled, now,
                PhoneHash: borrower.PhoneHash, Known: new KnownFacts(borrower, installment, phone ?? new PhoneStatus { LenderId = job.LenderId, PhoneHash = borrower.PhoneHash })),
            cancellationToken);
        if (decision.Verdict == Verdict.Suppress)
        {
            await SuppressAsync(decisions, job, borrower.BorrowerId, decision.Reason ?? "suppressed", now, cancellationToken);
            return null;
        }

        var window = SendWindow.For(settings, SendWindow.ResolveTimeZone(borrower.TimeZone, settings.DefaultTimeZone));
        if (decision.Verdict == Verdict.Defer)
        {
            // Held (quiet hours, a no-send day, a stage not yet begun, a cap): it comes back straight at its minute of
            // the day it waits for, not when the window opens with every other held job.
            var until = decision.DeferUntil ?? now;
            var slot = SendSlots.On(job.SlotKey, window.LocalDate(until), Later(until, job.CreatedAt), SpansFor(settings, borrower, window, variant: null), window);
            RecordDeferral(decisions, job, borrower.BorrowerId, slot > until ? decision with { DeferUntil = slot } : decision, now);
            return null;
        }

        var stage = Stage.Parse(job.Stage);
        var cadence = CadencePolicy.Evaluate(stage, borrower, installment, settings);
        if (!cadence.Allowed)
        {
            await SuppressAsync(decisions, job, borrower.BorrowerId, cadence.Reason!, now, cancellationToken);
            return null;
        }

        var variant = variants is null ? null : await variants.ChooseAsync(settings, stage, borrower.BorrowerId, job.JobId, cancellationToken);
        if (ReleaseAt(job, SpansFor(settings, borrower, window, variant?.Variant), window, now) is { } release && release > now)
        {
            var reason = variant?.Variant.SendHour is null ? SuppressionReasons.SendTime : ExperimentReasons.SendHour;
            RecordDeferral(decisions, job, borrower.BorrowerId, EligibilityDecision.Defer(reason, release), now);
            return null;
        }

        var language = Languages.Normalize(borrower.Language) ?? Languages.Normalize(settings.DefaultLanguage) ?? Languages.Chinese;
        var fields = MessageFields.For(settings, language, borrower.Name, Money(stage, installment), installment.DueDate, stage, cadence.PlanOffer, installment.PayLink);
        var lintContext = LintContext.For(settings, language, stage.Tone, MessageFields.ForLint(fields));
        var composed = await composer.ComposeAsync(settings, stage, language, variant?.Variant.TemplateName, fields, lintContext, cancellationToken);
        if (!composed.Composed)
        {
            await SuppressAsync(decisions, job, borrower.BorrowerId, SuppressionReasons.TemplateRejected, now, cancellationToken, composed.RejectedTemplateId);
            return null;
        }

        var (template, text, lint) = (composed.Template!, composed.Text!, composed.Lint!);
        var paidOn = installment.PaidAt is { } paidAt ? window.LocalDate(paidAt) : (DateOnly?)null;
        var latest = StageSchedule.For(settings).LatestSendAt(stage, installment.DueDate, window.LocalDate(now), window, paidOn);
        var message = new OutboxMessage
        {
            JobId = job.JobId,
            LenderId = job.LenderId,
            BorrowerId = borrower.BorrowerId,
            BorrowerKey = borrower.PhoneHash,
            To = borrower.PhoneE164,
            Text = text,
            Encoding = lint.Encoding,
            Segments = lint.Segments,
            Stage = stage.Name,
            TemplateId = template.Id,
            TemplateVersion = template.Version,
            Kind = MessageKind.Scheduled,
            LoanId = job.LoanId,
            InstallmentNo = job.InstallmentNo,
            EarliestSendAt = now,
            LatestSendAt = latest > now ? latest : now,
            BorrowerTimeZone = window.TimeZone.Id,
            InstallmentDueDate = installment.DueDate,
            PhoneETag = phone?.ETag,
            PhoneCaps = phone?.Caps,
        };
        RecordDecision(decisions, job, borrower.BorrowerId, Verdict.Send, now, composed.SendReason, templateId: template.Id);
        LogQueued(job.JobId, job.LenderId, template.Id, lint.Segments);
        return message;
    }

    /// <summary>
    /// The minute the job is due out today, in <paramref name="spans"/>, counted from the later of the job's creation and
    /// the day's start, so every delivery of the job on the day finds the same minute. Null when there are no spans.
    /// </summary>
    private static DateTimeOffset? ReleaseAt(ReminderJob job, IReadOnlyList<SendTimeSpan> spans, SendWindow window, DateTimeOffset now)
    {
        var today = window.LocalDate(now);
        return SendSlots.On(job.SlotKey, today, Later(window.StartOfLocalDay(today), job.CreatedAt), spans, window);
    }

    /// <summary>
    /// Where in the day the job aims: an experiment arm's hour, else the borrower's own hour when the window holds it
    /// (unless the arm compares the lender's spans against it), else the lender's spans.
    /// </summary>
    private static IReadOnlyList<SendTimeSpan> SpansFor(LenderSettings settings, Borrower borrower, SendWindow window, ExperimentVariant? variant)
    {
        if (variant?.SendHour is { } sendHour && BorrowerHours.Span(sendHour, new QuietHours(TimeOnly.MinValue, new TimeOnly(23, 59))) is { } armHour)
        {
            return [armHour];
        }

        return variant?.LenderSendTimes != true && BorrowerHours.Span(borrower.PreferredHour, window.Hours) is { } own ? [own] : settings.SendTimes;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>A thank-you names what was paid; every other stage names what is still owed.</summary>
    private static Money Money(Stage stage, Installment installment) =>
        stage.Tone == Tone.ThankYou || installment.Outstanding.Amount <= 0 ? installment.AmountDue : installment.Outstanding;

    /// <summary>Recorded now; the job goes back on the queue with the batch's other jobs held until the same instant.</summary>
    private void RecordDeferral(List<ContactDecision> decisions, ReminderJob job, string borrowerId, EligibilityDecision decision, DateTimeOffset now)
    {
        var until = decision.DeferUntil ?? now;
        RecordDecision(decisions, job, borrowerId, Verdict.Defer, now, decision.Reason, until);
        LogDeferred(job.JobId, job.LenderId, until, decision.Reason ?? "");
    }

    /// <summary>
    /// Deferred jobs go back as one queue message per instant they wait for (a scan's jobs that meet quiet hours all
    /// wait for the same local 08:00), not one message each: every queue message is a write, a read and a delete.
    /// </summary>
    private async Task RequeueDeferredAsync(ReminderJobBatch batch, IReadOnlyList<ContactDecision> decisions, CancellationToken cancellationToken)
    {
        var jobs = batch.Jobs.DistinctBy(j => j.JobId).ToDictionary(j => j.JobId, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var group in decisions.Where(d => d.Decision == Verdict.Defer).DistinctBy(d => d.JobId).GroupBy(d => d.DeferredUntil ?? now))
        {
            var delay = group.Key - now;
            delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
            foreach (var chunk in group.Chunk(PipelineNames.JobsPerMessage))
            {
                await jobQueue.EnqueueAsync(
                    new ReminderJobBatch([.. chunk.Select(d => jobs[d.JobId] with { Deferrals = jobs[d.JobId].Deferrals + 1 })]), delay, cancellationToken);
            }
        }
    }

    public async Task HandlePoisonAsync(ReminderJobBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = time.GetUtcNow();
        foreach (var job in batch.Jobs)
        {
            await RecordFinalStateAsync(job, "", SendState.Failed, SuppressionReasons.Poison, now, cancellationToken);
            LogPoisoned(job.JobId, job.LenderId);
        }
    }

    /// <summary>
    /// Insert-if-absent of the job's final ledger row, so the report and the "nothing lost" check read one table.
    /// A job that already reached a state (sent, suppressed) keeps it.
    /// </summary>
    private Task RecordFinalStateAsync(ReminderJob job, string borrowerId, SendState state, string reason, DateTimeOffset now, CancellationToken cancellationToken, string? templateId = null) =>
        ledger.GetOrAddAsync(
            new SendRecord
            {
                JobId = job.JobId,
                LenderId = job.LenderId,
                BorrowerId = borrowerId,
                BorrowerKey = "",
                Stage = job.Stage,
                TemplateId = templateId ?? "",
                Kind = MessageKind.Scheduled,
                LoanId = job.LoanId,
                InstallmentNo = job.InstallmentNo,
                State = state,
                Reason = reason,
                CreatedAt = now,
            },
            cancellationToken);

    /// <summary>The contact log's record of one decision: never the text or the number.</summary>
    private static void RecordDecision(
        List<ContactDecision> decisions, ReminderJob job, string borrowerId, Verdict verdict, DateTimeOffset now,
        string? reason = null, DateTimeOffset? deferredUntil = null, string? templateId = null) =>
        decisions.Add(new ContactDecision
        {
            LenderId = job.LenderId,
            BorrowerId = borrowerId,
            JobId = job.JobId,
            Stage = job.Stage,
            Decision = verdict,
            Reason = reason,
            At = now,
            DeferredUntil = deferredUntil,
            TemplateId = templateId,
        });

    private async Task SuppressAsync(List<ContactDecision> decisions, ReminderJob job, string borrowerId, string reason, DateTimeOffset now, CancellationToken cancellationToken, string? templateId = null)
    {
        await RecordFinalStateAsync(job, borrowerId, SendState.Suppressed, reason, now, cancellationToken, templateId);
        RecordDecision(decisions, job, borrowerId, Verdict.Suppress, now, reason);
        LogSuppressed(job.JobId, job.LenderId, reason);
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Job {JobId} of lender {LenderId} exhausted its retries and is marked failed (poison)")]
    private partial void LogPoisoned(string jobId, string lenderId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Job {JobId} of lender {LenderId} queued for sending with template {TemplateId} ({Segments} segments)")]
    private partial void LogQueued(string jobId, string lenderId, string templateId, int segments);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Job {JobId} of lender {LenderId} deferred until {DeferUntil} ({Reason})")]
    private partial void LogDeferred(string jobId, string lenderId, DateTimeOffset deferUntil, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Job {JobId} of lender {LenderId} suppressed: {Reason}")]
    private partial void LogSuppressed(string jobId, string lenderId, string reason);
}
