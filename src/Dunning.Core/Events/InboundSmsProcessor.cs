using Dunning.Core.Borrowers;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Privacy;
using Dunning.Core.Sending;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Events;

/// <summary>What one inbound SMS led to (for tests and the event summary).</summary>
public sealed record InboundSmsResult(ReplyIntent Intent, string LenderId, bool KnownNumber, ReplyKind? Reply, FollowUpKind? FollowUp, IntentMatch? Match = null);

/// <summary>
/// Acts on a borrower's reply. The lender is the one sending from the number the borrower wrote to; the borrower
/// is found by the HMAC of the sender's number in that lender's directory. Every effect is idempotent so a
/// redelivered event repeats nothing: status flags are set (not toggled), pauses are computed from the message's
/// own timestamp, follow-up ids and reply job ids derive from the inbound message id. The reply is read with the
/// lender's own phrases added (<see cref="IntentMatcher.For"/>); the numbers are read as E.164 first
/// (<see cref="InboundNumbers"/>), in the lender's region when the sender's number has no country code.
/// <para>
/// Which installments PAID and PLAN act on: every unpaid installment this number was messaged about (scheduled
/// messages in the ledger) during the last <see cref="LedgerLookback"/>, newest first, at most
/// <see cref="MaxInstallments"/>. A borrower rarely knows which installment a reminder was about, and a short
/// pause of all of them is the borrower-friendly reading.
/// </para>
/// <para>
/// A sender id shared by several lenders: the lenders that know the number are tried in lender-id order; the
/// first handles the reply, and opt-out, opt-in and wrong-number flags also apply to the others (STOP means stop).
/// </para>
/// </summary>
public sealed class InboundSmsProcessor(
    SenderIdLenderIndex senders,
    IPhoneHasher hasher,
    IBorrowerDirectory borrowers,
    ISendLedger ledger,
    IInstallmentStore installments,
    IOutbox outbox,
    IFollowUpStore followUps,
    IntentMatcher matcher,
    TemplateCatalog templates,
    ReplyComposer composer,
    TimeProvider time,
    ILogger<InboundSmsProcessor> logger)
{
    public static readonly TimeSpan LedgerLookback = TimeSpan.FromDays(35);
    public static readonly TimeSpan ReplyValidity = TimeSpan.FromHours(24);
    public const int MaxInstallments = 20;

    /// <summary>Retention for texts from senders no lender could be matched to.</summary>
    public const int PlatformRetentionDays = 30;

    private const int MaxConflictRetries = 8;

    public static string ReplyJobId(string lenderId, string inboundMessageId) => $"{lenderId}:reply:{inboundMessageId}";

    public async Task<InboundSmsResult> ProcessAsync(InboundSms received, CancellationToken cancellationToken = default)
    {
        // Numbers become E.164 before any lookup, hash or decision: ACS may write them without the leading +.
        var to = InboundNumbers.SenderId(received.To);
        var candidates = await senders.FindAsync(to, cancellationToken);
        var readings = InboundNumbers.Readings(received.From, candidates.Count > 0 ? candidates[0].DefaultRegion : null);
        var from = readings[0];
        var known = new List<(LenderSettings Lender, PhoneStatus Status)>();
        foreach (var reading in readings)
        {
            known = await KnownByAsync(candidates, hasher.Hash(reading), cancellationToken);
            if (known.Count > 0)
            {
                from = reading;
                break;
            }
        }

        var sms = received with { From = from, To = to };
        var phoneHash = hasher.Hash(from);
        var reader = known.Count > 0 ? matcher.For(known[0].Lender) : candidates.Count > 0 ? matcher.For(candidates[0]) : matcher;
        var match = reader.Match(sms.Message);
        var intent = match.Intent;
        if (candidates.Count == 0)
        {
            var id = await CreateFollowUpAsync(FollowUp.PlatformLenderId, FollowUpKind.UnknownSender, null, phoneHash, sms, sms.Message, PlatformRetentionDays, [], match, cancellationToken);
            EventsLog.ReplyToUnknownSenderId(logger, id);
            return new InboundSmsResult(intent, FollowUp.PlatformLenderId, false, null, FollowUpKind.UnknownSender, match);
        }

        if (known.Count == 0)
        {
            if (intent == ReplyIntent.OptOut)
            {
                // An opt-out is honoured even for a number no borrower has yet: a later upload cannot message it.
                foreach (var lender in candidates)
                {
                    await borrowers.UpdatePhoneAsync(lender.LenderId, phoneHash, s => OptOut(s, sms.ReceivedAt), cancellationToken);
                }
            }

            var owner = candidates[0];
            var id = await CreateFollowUpAsync(owner.LenderId, FollowUpKind.UnknownSender, null, phoneHash, sms, sms.Message, owner.ReplyRetentionDays, [], match, cancellationToken);
            EventsLog.ReplyFromUnknownNumber(logger, owner.LenderId, id, intent);
            return new InboundSmsResult(intent, owner.LenderId, false, null, FollowUpKind.UnknownSender, match);
        }

        foreach (var (lender, _) in known.Skip(1))
        {
            Func<PhoneStatus, PhoneStatus?>? change = intent switch
            {
                ReplyIntent.OptOut => s => OptOut(s, sms.ReceivedAt),
                ReplyIntent.OptIn => s => s.OptedOut ? s with { OptedOut = false, OptedOutAt = null } : null,
                ReplyIntent.WrongNumber => s => s.WrongNumber ? null : s with { WrongNumber = true },
                _ => null,
            };
            if (change is not null)
            {
                await borrowers.UpdatePhoneAsync(lender.LenderId, phoneHash, change, cancellationToken);
            }
        }

        var (primary, primaryStatus) = known[0];
        var result = await HandleKnownAsync(primary, primaryStatus, match, phoneHash, sms, cancellationToken);
        EventsLog.ReplyHandled(logger, primary.LenderId, intent, result.Reply, result.FollowUp);
        EventsLog.ReplyRead(logger, primary.LenderId, intent, match.Phrase, match.Language, match.Doubt);
        return result;
    }

    /// <summary>
    /// A reply shows when the borrower is at their phone: its local hour becomes theirs. Best effort: a conflicting write
    /// keeps the row as another writer left it, and a number that is leaving (STOP, wrong number) teaches nothing.
    /// </summary>
    private async Task NoteBorrowerHourAsync(Borrower? borrower, ReplyIntent intent, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (borrower is not null && intent is not (ReplyIntent.OptOut or ReplyIntent.WrongNumber) && BorrowerHours.Note(borrower, receivedAt) is { } noted)
        {
            await borrowers.TryUpdateAsync(noted, cancellationToken);
        }
    }

    private async Task<List<(LenderSettings Lender, PhoneStatus Status)>> KnownByAsync(
        IReadOnlyList<LenderSettings> candidates, string phoneHash, CancellationToken cancellationToken)
    {
        var known = new List<(LenderSettings Lender, PhoneStatus Status)>();
        foreach (var lender in candidates)
        {
            if (await borrowers.FindPhoneAsync(lender.LenderId, phoneHash, cancellationToken) is { BorrowerIds.Count: > 0 } status)
            {
                known.Add((lender, status));
            }
        }

        return known;
    }

    private async Task<InboundSmsResult> HandleKnownAsync(
        LenderSettings lender, PhoneStatus status, IntentMatch match, string phoneHash, InboundSms sms, CancellationToken cancellationToken)
    {
        var intent = match.Intent;

        // A doubtful or mixed reading is acted on and its text still reaches staff, with the follow-up the intent raises
        // or, for intents that raise none, as free text.
        var staffText = match.IsDoubtful ? sms.Message : null;
        var lenderId = lender.LenderId;
        var borrowerId = status.BorrowerIds[0];
        var borrower = await borrowers.GetAsync(lenderId, borrowerId, cancellationToken);
        await NoteBorrowerHourAsync(borrower, intent, sms.ReceivedAt, cancellationToken);
        var language = Languages.Normalize(borrower?.Language) ?? GuessLanguage(sms.Message);
        ReplyKind? reply = null;
        FollowUpKind? followUp = null;

        async Task ReplyAsync(ReplyKind kind)
        {
            reply = kind;
            await EnqueueReplyAsync(lender, borrowerId, phoneHash, language, kind, sms, cancellationToken);
        }

        async Task FollowUpAsync(FollowUpKind kind, string? text, IReadOnlyList<FollowUpInstallment> refs)
        {
            followUp = kind;
            await CreateFollowUpAsync(lenderId, kind, borrowerId, phoneHash, sms, text, lender.ReplyRetentionDays, refs, match, cancellationToken);
        }

        switch (intent)
        {
            case ReplyIntent.OptOut:
            {
                var after = await borrowers.UpdatePhoneAsync(lenderId, phoneHash, s => OptOut(s, sms.ReceivedAt), cancellationToken);

                // One confirmation: only the message that opted the number out gets it (also when that event is redelivered).
                if (after.OptedOutAt == sms.ReceivedAt)
                {
                    await ReplyAsync(ReplyKind.OptOutConfirmation);
                }

                // A doubtful opt-out reaches staff below; a certain one that says more (a promise, a hardship) must too.
                if (!match.IsDoubtful && OptOutRemainder.For(matcher.For(lender)).SaysMore(sms.Message, match))
                {
                    await FollowUpAsync(FollowUpKind.OptOutSaidMore, sms.Message, []);
                }

                break;
            }

            case ReplyIntent.OptIn when !status.WrongNumber:
                await borrowers.UpdatePhoneAsync(lenderId, phoneHash, s => s.OptedOut ? s with { OptedOut = false, OptedOutAt = null } : null, cancellationToken);
                await ReplyAsync(ReplyKind.OptInConfirmation);
                break;

            case ReplyIntent.WrongNumber:
                await FollowUpAsync(FollowUpKind.WrongNumber, staffText, []);

                // Reply before flagging: a crash in between leaves a redelivery that still replies (same job id, so once).
                if (status.MayBeMessaged)
                {
                    await ReplyAsync(ReplyKind.WrongNumberApology);
                }

                await borrowers.UpdatePhoneAsync(lenderId, phoneHash, s => s.WrongNumber ? null : s with { WrongNumber = true }, cancellationToken);
                break;

            case ReplyIntent.Help when status.MayBeMessaged:
                await ReplyAsync(ReplyKind.Help);
                break;

            case ReplyIntent.Paid:
            {
                var until = sms.ReceivedAt.AddDays(lender.PaidReplyPauseDays);
                var refs = await UpdateMessagedInstallmentsAsync(
                    lenderId, phoneHash, sms.ReceivedAt,
                    i => i.PausedUntil >= until ? null : i with { PausedUntil = until },
                    cancellationToken);
                await FollowUpAsync(FollowUpKind.VerifyPayment, staffText, refs);
                if (status.MayBeMessaged)
                {
                    await ReplyAsync(ReplyKind.PaidAcknowledgement);
                }

                break;
            }

            case ReplyIntent.Plan:
            {
                var refs = await UpdateMessagedInstallmentsAsync(
                    lenderId, phoneHash, sms.ReceivedAt,
                    i => i.PlanRequested ? null : i with { PlanRequested = true },
                    cancellationToken);
                await FollowUpAsync(FollowUpKind.PlanRequest, staffText, refs);
                if (status.MayBeMessaged)
                {
                    await ReplyAsync(ReplyKind.PlanReply);
                }

                break;
            }

            case ReplyIntent.Other:
                await FollowUpAsync(FollowUpKind.FreeText, sms.Message, []);
                break;
        }

        if (followUp is null && staffText is not null)
        {
            await FollowUpAsync(FollowUpKind.FreeText, staffText, []);
        }

        return new InboundSmsResult(intent, lenderId, true, reply, followUp, match);
    }

    private static PhoneStatus? OptOut(PhoneStatus status, DateTimeOffset at) =>
        status.OptedOut ? null : status with { OptedOut = true, OptedOutAt = at };

    private async Task<IReadOnlyList<FollowUpInstallment>> UpdateMessagedInstallmentsAsync(
        string lenderId, string phoneHash, DateTimeOffset receivedAt, Func<Installment, Installment?> change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var to = (now > receivedAt ? now : receivedAt).AddSeconds(1);
        var messaged = new List<(DateTimeOffset At, InstallmentKey Key)>();
        await foreach (var row in ledger.QueryAsync(lenderId, receivedAt - LedgerLookback, to, cancellationToken))
        {
            if (row.BorrowerKey == phoneHash && row.Kind == MessageKind.Scheduled && row.LoanId is { } loanId && row.InstallmentNo is { } number)
            {
                messaged.Add((row.CreatedAt, new InstallmentKey(lenderId, loanId, number)));
            }
        }

        var keys = messaged.OrderByDescending(m => m.At).Select(m => m.Key).Distinct().Take(MaxInstallments);
        var refs = new List<FollowUpInstallment>();
        foreach (var key in keys)
        {
            for (var attempt = 0; ; attempt++)
            {
                var installment = await installments.GetAsync(key, cancellationToken);
                if (installment is null || installment.IsPaid)
                {
                    break;
                }

                if (change(installment) is not { } next || await installments.TryUpdateAsync(next, cancellationToken))
                {
                    refs.Add(new FollowUpInstallment(key.LoanId, key.InstallmentNo));
                    break;
                }

                if (attempt >= MaxConflictRetries)
                {
                    throw new InvalidOperationException($"The installment kept changing ({MaxConflictRetries} attempts).");
                }
            }
        }

        return refs;
    }

    private async Task<string> CreateFollowUpAsync(
        string lenderId, FollowUpKind kind, string? borrowerId, string phoneHash, InboundSms sms, string? text,
        int retentionDays, IReadOnlyList<FollowUpInstallment> refs, IntentMatch match, CancellationToken cancellationToken)
    {
        var keepText = text is not null && retentionDays > 0;

        // The reading travels with the follow-up so staff can judge it; the words it quotes follow the text's retention.
        var wordsExpireAt = retentionDays > 0 ? sms.ReceivedAt.AddDays(retentionDays) : (DateTimeOffset?)null;
        var followUp = new FollowUp
        {
            Id = FollowUpIds.For(sms.ReceivedAt, sms.MessageId),
            LenderId = lenderId,
            Kind = kind,
            BorrowerId = borrowerId,
            PhoneHash = phoneHash,
            Text = keepText ? text : null,
            TextExpiresAt = keepText ? wordsExpireAt : null,
            Installments = refs,
            Reading = ReplyReading.Of(match, wordsExpireAt),
            CreatedAt = sms.ReceivedAt,
        };
        await followUps.TryCreateAsync(followUp, cancellationToken);
        return followUp.Id;
    }

    private async Task EnqueueReplyAsync(
        LenderSettings lender, string borrowerId, string phoneHash, string language, ReplyKind kind, InboundSms sms, CancellationToken cancellationToken)
    {
        var jobId = ReplyJobId(lender.LenderId, sms.MessageId);

        // A ledger row means SendSms already took this reply: a redelivered event must not queue it again.
        if (await ledger.GetAsync(lender.LenderId, jobId, cancellationToken) is not null)
        {
            return;
        }

        var lenderTemplate = await templates.ReplyTemplateAsync(lender, kind, language, cancellationToken);
        var composed = await composer.ComposeAsync(kind, language, lender, lenderTemplate);
        await outbox.EnqueueAsync(
            new OutboxMessage
            {
                JobId = jobId,
                LenderId = lender.LenderId,
                BorrowerId = borrowerId,
                BorrowerKey = phoneHash,
                To = sms.From,
                Text = composed.Text,
                Encoding = composed.Encoding,
                Segments = composed.Segments,
                Stage = Stage.ReplyName,
                TemplateId = ReplyTemplateIds.For(kind),
                TemplateVersion = composed.TemplateVersion,
                Kind = MessageKind.Reply,
                EarliestSendAt = time.GetUtcNow(),
                LatestSendAt = sms.ReceivedAt + ReplyValidity,
            },
            cancellationToken: cancellationToken);
    }

    /// <summary>Any CJK ideograph → Chinese, otherwise English.</summary>
    public static string GuessLanguage(string text) =>
        text.AsSpan().ContainsAnyInRange('\u4E00', '\u9FFF') || text.AsSpan().ContainsAnyInRange('\u3400', '\u4DBF')
            ? Languages.Chinese
            : Languages.English;
}
