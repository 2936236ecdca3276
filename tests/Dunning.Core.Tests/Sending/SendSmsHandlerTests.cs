using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dunning.Core.Tests.Sending;

public sealed class SendSmsHandlerTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Start);
    private readonly InMemoryLedger ledger = new();
    private readonly Mock<ISmsSender> sender = new(MockBehavior.Strict);
    private readonly Mock<IOutbox> outbox = new();
    private readonly Mock<ISendEligibility> eligibility = new();
    private readonly Mock<ILenderDirectory> lenders = new();
    private readonly List<SmsSendRequest> sent = [];

    public SendSmsHandlerTests()
    {
        eligibility.Setup(e => e.CheckAndReserveAsync(It.IsAny<EligibilityRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(EligibilityDecision.Send);
        lenders.Setup(l => l.FindAsync("acme", It.IsAny<CancellationToken>()))
            .ReturnsAsync(LenderSettings.DefaultFor("acme") with { SenderIds = ["+18005550100", "+18005550101"] });
    }

    private SendSmsHandler Handler() =>
        new(ledger, sender.Object, outbox.Object, eligibility.Object, lenders.Object, time, NullLogger<SendSmsHandler>.Instance);

    internal static OutboxMessage Message(string loanId = "L1", MessageKind kind = MessageKind.Scheduled) => new()
    {
        JobId = $"acme:{loanId}:1:T-3",
        LenderId = "acme",
        BorrowerId = "B1",
        BorrowerKey = "hash-of-phone",
        To = "+8613800138000",
        Text = "【Acme】reminder",
        Encoding = TextEncoding.Ucs2,
        Segments = 1,
        Stage = "T-3",
        TemplateId = "t-3",
        TemplateVersion = "1",
        Kind = kind,
        LoanId = loanId,
        InstallmentNo = 1,
        EarliestSendAt = Start.AddHours(-1),
        LatestSendAt = Start.AddDays(1),
    };

    private void SenderReturns(params SmsSendResult[] results)
    {
        var queue = new Queue<SmsSendResult>(results);
        sender.Setup(s => s.SendAsync(It.IsAny<SmsSendRequest>(), It.IsAny<CancellationToken>()))
            .Callback<SmsSendRequest, CancellationToken>((r, _) => sent.Add(r))
            .ReturnsAsync(() => queue.Dequeue());
    }

    private static SmsSendResult Accepted(string id = "Outgoing_1") => new(SmsSendStatus.Accepted, id, 202);

    [Fact]
    public async Task HandleAsync_Eligible_SendsOnceAndRecordsSentWithMessageId()
    {
        SenderReturns(Accepted("Outgoing_42"));
        var message = Message();

        await Handler().HandleAsync(message, 1);

        var record = ledger.Rows[message.JobId];
        Assert.Equal(SendState.Sent, record.State);
        Assert.Equal("Outgoing_42", record.MessageId);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(Start, record.SentAt);
        // The job id travels as the tag and comes back in the delivery report: no message-id index row is written.
        Assert.Empty(ledger.MessageIndex);
        var request = Assert.Single(sent);
        Assert.Equal(RepeatabilityId.For(message.JobId), request.RepeatabilityRequestId);
        Assert.Equal(Start, request.RepeatabilityFirstSent);
        Assert.Equal(message.JobId, request.Tag);
        Assert.Equal(message.To, request.To);
        Assert.Contains(request.From, (string[])["+18005550100", "+18005550101"]);
        Assert.Equal(record.SenderId, request.From);
    }

    [Fact]
    public async Task HandleAsync_DuplicateDelivery_CallsAcsOnce()
    {
        SenderReturns(Accepted(), Accepted());
        var message = Message();

        await Handler().HandleAsync(message, 1);
        await Handler().HandleAsync(message, 1);
        await Handler().HandleAsync(message, 2);

        Assert.Single(sent);
        Assert.Equal(SendState.Sent, ledger.Rows[message.JobId].State);
    }

    [Fact]
    public async Task HandleAsync_CrashAfterSending_ResendsWithSameRepeatabilityIdAndFirstSent()
    {
        var message = Message();
        sender.Setup(s => s.SendAsync(It.IsAny<SmsSendRequest>(), It.IsAny<CancellationToken>()))
            .Callback<SmsSendRequest, CancellationToken>((r, _) => sent.Add(r))
            .ThrowsAsync(new IOException("process died mid-call"));
        await Assert.ThrowsAsync<IOException>(() => Handler().HandleAsync(message, 1));
        Assert.Equal(SendState.Sending, ledger.Rows[message.JobId].State);

        time.Advance(TimeSpan.FromMinutes(5));
        sent.Clear();
        SenderReturns(Accepted("Outgoing_7"));
        await Handler().HandleAsync(message, 2);

        var resend = Assert.Single(sent);
        Assert.Equal(RepeatabilityId.For(message.JobId), resend.RepeatabilityRequestId);
        Assert.Equal(Start, resend.RepeatabilityFirstSent);
        var record = ledger.Rows[message.JobId];
        Assert.Equal(SendState.Sent, record.State);
        Assert.Equal(2, record.Attempts);
        Assert.Equal(Start, record.FirstAttemptAt);
        Assert.Equal(Start.AddMinutes(5), record.LastAttemptAt);
    }

    [Fact]
    public async Task HandleAsync_AlreadyFinal_AcknowledgesWithoutCallingAcs()
    {
        var message = Message();
        ledger.Seed(message, SendState.Suppressed, "opted-out");

        await Handler().HandleAsync(message, 1);

        sender.VerifyNoOtherCalls();
        eligibility.VerifyNoOtherCalls();
        Assert.Equal(SendState.Suppressed, ledger.Rows[message.JobId].State);
    }

    [Fact]
    public async Task HandleAsync_PastLatestSendAt_SuppressedSuperseded()
    {
        var message = Message() with { LatestSendAt = Start.AddMinutes(-1) };

        await Handler().HandleAsync(message, 1);

        var record = ledger.Rows[message.JobId];
        Assert.Equal(SendState.Suppressed, record.State);
        Assert.Equal(SuppressionReasons.Superseded, record.Reason);
        sender.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task HandleAsync_BeforeEarliestSendAt_ReenqueuedUntilThen()
    {
        var message = Message() with { EarliestSendAt = Start.AddHours(2) };

        await Handler().HandleAsync(message, 1);

        outbox.Verify(o => o.EnqueueAsync(message, TimeSpan.FromHours(2), It.IsAny<CancellationToken>()), Times.Once);
        Assert.False(ledger.Rows.ContainsKey(message.JobId));
        sender.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task HandleAsync_OptOutAfterAnAttemptWhoseResponseWasLost_EndsFailedOutcomeUnknownNotSuppressed()
    {
        var message = Message();
        SenderReturns(new SmsSendResult(SmsSendStatus.Transient, null, 0));
        await Assert.ThrowsAsync<TransientSendException>(() => Handler().HandleAsync(message, 1));
        eligibility.Setup(e => e.CheckAndReserveAsync(It.IsAny<EligibilityRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(EligibilityDecision.Suppress(SuppressionReasons.OptedOut));

        await Handler().HandleAsync(message, 2);

        // The first attempt may have reached the phone: a later delivery report can still move Failed to Delivered.
        var record = ledger.Rows[message.JobId];
        Assert.Equal((SendState.Failed, SendSmsHandler.OutcomeUnknown + SuppressionReasons.OptedOut), (record.State, record.Reason));
    }

    [Fact]
    public async Task HandleAsync_EligibilitySuppresses_RecordsReasonWithoutSending()
    {
        eligibility.Setup(e => e.CheckAndReserveAsync(It.IsAny<EligibilityRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(EligibilityDecision.Suppress(SuppressionReasons.OptedOut));
        var message = Message();

        await Handler().HandleAsync(message, 1);

        var record = ledger.Rows[message.JobId];
        Assert.Equal(SendState.Suppressed, record.State);
        Assert.Equal(SuppressionReasons.OptedOut, record.Reason);
        sender.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task HandleAsync_EligibilityDefers_ReenqueuesSameMessageUntilDeferUntilAndStaysPending()
    {
        eligibility.Setup(e => e.CheckAndReserveAsync(It.IsAny<EligibilityRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(EligibilityDecision.Defer(SuppressionReasons.QuietHours, Start.AddHours(9)));
        var message = Message();

        await Handler().HandleAsync(message, 1);

        outbox.Verify(o => o.EnqueueAsync(message, TimeSpan.FromHours(9), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(SendState.Pending, ledger.Rows[message.JobId].State);
        Assert.Equal(0, ledger.Rows[message.JobId].Attempts);
        sender.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task HandleAsync_DeferredPastLatestSendAt_SuppressedSupersededInsteadOfParked()
    {
        // A weekly cap that frees only after the message has gone stale: waiting for it would end the same way.
        eligibility.Setup(e => e.CheckAndReserveAsync(It.IsAny<EligibilityRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(EligibilityDecision.Defer(SuppressionReasons.OverWeeklyCap, Start.AddDays(4)));
        var message = Message();

        await Handler().HandleAsync(message, 1);

        var record = ledger.Rows[message.JobId];
        Assert.Equal((SendState.Suppressed, SuppressionReasons.Superseded), (record.State, record.Reason));
        outbox.VerifyNoOtherCalls();
        sender.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task HandleAsync_PassesKindAndJobToEligibility()
    {
        SenderReturns(Accepted());
        var message = Message(kind: MessageKind.Reply);

        await Handler().HandleAsync(message, 1);

        eligibility.Verify(e => e.CheckAndReserveAsync(
            It.Is<EligibilityRequest>(r => r.JobId == message.JobId && r.Kind == MessageKind.Reply && r.Now == Start && r.BorrowerId == "B1"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task HandleAsync_Throttled_BackToPendingAndReenqueuedAfterRetryAfter()
    {
        SenderReturns(new SmsSendResult(SmsSendStatus.Throttled, null, 429, "acs-429", TimeSpan.FromSeconds(17)));
        var message = Message();

        await Handler().HandleAsync(message, 1);

        outbox.Verify(o => o.EnqueueAsync(message, TimeSpan.FromSeconds(17), It.IsAny<CancellationToken>()), Times.Once);
        var record = ledger.Rows[message.JobId];
        Assert.Equal(SendState.Pending, record.State);
        Assert.Equal(Start, record.FirstAttemptAt);
    }

    [Fact]
    public async Task HandleAsync_RefusedByOurOwnSenderLimitThenOptedOut_EndsSuppressedNotOutcomeUnknown()
    {
        SenderReturns(new SmsSendResult(SmsSendStatus.Throttled, null, 429, "sender-rate-limit", TimeSpan.FromSeconds(17), Attempted: false));
        var message = Message();
        await Handler().HandleAsync(message, 1);
        Assert.Equal((SendState.Pending, null, 0), (ledger.Rows[message.JobId].State, ledger.Rows[message.JobId].FirstAttemptAt, ledger.Rows[message.JobId].Attempts));
        eligibility.Setup(e => e.CheckAndReserveAsync(It.IsAny<EligibilityRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(EligibilityDecision.Suppress(SuppressionReasons.OptedOut));

        await Handler().HandleAsync(message, 2);

        var record = ledger.Rows[message.JobId];
        Assert.Equal((SendState.Suppressed, SuppressionReasons.OptedOut), (record.State, record.Reason));
    }

    [Fact]
    public async Task HandleAsync_ThrottledWithoutRetryAfter_UsesDefaultDelay()
    {
        SenderReturns(new SmsSendResult(SmsSendStatus.Throttled, null, 429));
        var message = Message();

        await Handler().HandleAsync(message, 1);

        outbox.Verify(o => o.EnqueueAsync(message, SendSmsHandler.DefaultThrottleDelay, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task HandleAsync_ThrottledThenRetried_KeepsFirstAttemptAndSender()
    {
        SenderReturns(new SmsSendResult(SmsSendStatus.Throttled, null, 429, null, TimeSpan.FromSeconds(1)), Accepted());
        var message = Message();

        await Handler().HandleAsync(message, 1);
        time.Advance(TimeSpan.FromSeconds(30));
        await Handler().HandleAsync(message, 1);

        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].RepeatabilityFirstSent, sent[1].RepeatabilityFirstSent);
        Assert.Equal(sent[0].From, sent[1].From);
        Assert.Equal(SendState.Sent, ledger.Rows[message.JobId].State);
    }

    [Fact]
    public async Task HandleAsync_Transient_ThrowsAndLeavesRowSending()
    {
        SenderReturns(new SmsSendResult(SmsSendStatus.Transient, null, 503));
        var message = Message();

        var error = await Assert.ThrowsAsync<TransientSendException>(() => Handler().HandleAsync(message, 1));

        Assert.Equal(503, error.HttpStatusCode);
        Assert.Equal(SendState.Sending, ledger.Rows[message.JobId].State);
        outbox.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task HandleAsync_Permanent_FailedWithAcsReason()
    {
        SenderReturns(new SmsSendResult(SmsSendStatus.Permanent, null, 400));
        var message = Message();

        await Handler().HandleAsync(message, 1);

        var record = ledger.Rows[message.JobId];
        Assert.Equal(SendState.Failed, record.State);
        Assert.Equal("acs-400", record.Reason);
        Assert.False(record.WasSent);
    }

    [Fact]
    public async Task HandleAsync_UnknownLender_Suppressed()
    {
        lenders.Setup(l => l.FindAsync("acme", It.IsAny<CancellationToken>())).ReturnsAsync((LenderSettings?)null);
        var message = Message();

        await Handler().HandleAsync(message, 1);

        Assert.Equal(SuppressionReasons.UnknownLender, ledger.Rows[message.JobId].Reason);
        sender.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task HandleAsync_AnotherDeliveryWonTheRow_AcknowledgesWithoutSending()
    {
        var message = Message();
        ledger.Seed(message, SendState.Pending, null);
        ledger.FailNextUpdates = 1;

        await Handler().HandleAsync(message, 1);

        sender.VerifyNoOtherCalls();
        Assert.Equal(SendState.Pending, ledger.Rows[message.JobId].State);
    }

    [Fact]
    public async Task HandlePoisonAsync_PendingJob_FailedPoison()
    {
        var message = Message();
        ledger.Seed(message, SendState.Sending, null);

        await Handler().HandlePoisonAsync(message);

        var record = ledger.Rows[message.JobId];
        Assert.Equal(SendState.Failed, record.State);
        Assert.Equal(SuppressionReasons.Poison, record.Reason);
    }

    [Fact]
    public async Task HandlePoisonAsync_UnknownJob_CreatesFailedRow()
    {
        var message = Message();

        await Handler().HandlePoisonAsync(message);

        Assert.Equal(SuppressionReasons.Poison, ledger.Rows[message.JobId].Reason);
        Assert.Equal(SendState.Failed, ledger.Rows[message.JobId].State);
    }

    [Fact]
    public async Task HandlePoisonAsync_AlreadySent_LeavesRowSent()
    {
        var message = Message();
        ledger.Seed(message, SendState.Sent, null);

        await Handler().HandlePoisonAsync(message);

        Assert.Equal(SendState.Sent, ledger.Rows[message.JobId].State);
    }

    [Fact]
    public void RepeatabilityId_IsStableVersion5AndDistinctPerJob()
    {
        var id = RepeatabilityId.For("acme:L1:1:T-3");

        Assert.Equal(id, RepeatabilityId.For("acme:L1:1:T-3"));
        Assert.NotEqual(id, RepeatabilityId.For("acme:L1:1:T0"));
        Assert.Equal('5', id.ToString("D")[14]);
    }

    [Fact]
    public void SenderSelection_IsStablePerBorrowerAndUsesEverySender()
    {
        string[] senders = ["+1", "+2", "+3"];

        Assert.Equal(SenderSelection.For(senders, "borrower-a"), SenderSelection.For(senders, "borrower-a"));
        var used = Enumerable.Range(0, 300).Select(i => SenderSelection.For(senders, $"borrower-{i}")).ToHashSet();
        Assert.Equal(senders.ToHashSet(), used);
    }

    [Fact]
    public async Task HandleQueueMessageAsync_OneJobOfABatchFailsTransiently_TheOthersGoAndTheRedeliverySendsOnlyThatOne()
    {
        var messages = new[] { Message("L1"), Message("L2"), Message("L3") };
        var failOnce = new HashSet<string>(StringComparer.Ordinal) { messages[1].JobId };
        sender.Setup(s => s.SendAsync(It.IsAny<SmsSendRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((SmsSendRequest request, CancellationToken _) =>
            {
                lock (sent)
                {
                    sent.Add(request);
                    return failOnce.Remove(request.Tag!) ? new SmsSendResult(SmsSendStatus.Transient, null, 503) : Accepted($"Outgoing_{request.Tag}");
                }
            });
        var body = Assert.Single(OutboxEnvelope.Pack(messages));

        await Assert.ThrowsAsync<TransientSendException>(() => Handler().HandleQueueMessageAsync(body, 1));
        Assert.Equal(SendState.Sent, ledger.Rows[messages[0].JobId].State);
        Assert.Equal(SendState.Sent, ledger.Rows[messages[2].JobId].State);
        Assert.NotEqual(SendState.Sent, ledger.Rows[messages[1].JobId].State);

        await Handler().HandleQueueMessageAsync(body, 2);

        Assert.All(messages, m => Assert.Equal(SendState.Sent, ledger.Rows[m.JobId].State));
        Assert.Equal(4, sent.Count);
        Assert.Equal(2, sent.Count(r => r.Tag == messages[1].JobId));
    }

    [Fact]
    public async Task HandleQueueMessageAsync_TwoJobsFail_ThrowsOnceForBoth()
    {
        var messages = new[] { Message("L1"), Message("L2"), Message("L3") };
        sender.Setup(s => s.SendAsync(It.IsAny<SmsSendRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((SmsSendRequest request, CancellationToken _) =>
                request.Tag == messages[0].JobId ? Accepted() : new SmsSendResult(SmsSendStatus.Transient, null, 500));

        var failure = await Assert.ThrowsAsync<AggregateException>(() => Handler().HandleQueueMessageAsync(Assert.Single(OutboxEnvelope.Pack(messages)), 1));

        Assert.Equal(2, failure.InnerExceptions.Count);
        Assert.All(failure.InnerExceptions, e => Assert.IsType<TransientSendException>(e));
        Assert.Equal(SendState.Sent, ledger.Rows[messages[0].JobId].State);
    }

    [Fact]
    public async Task HandleQueueMessageAsync_ASingleMessageBody_IsSentAsBefore()
    {
        SenderReturns(Accepted());
        var message = Message();

        await Handler().HandleQueueMessageAsync(Serialization.QueueJson.Serialize(message), 1);

        Assert.Equal(message.JobId, Assert.Single(sent).Tag);
        Assert.Equal(SendState.Sent, ledger.Rows[message.JobId].State);
    }

    [Fact]
    public async Task HandlePoisonQueueMessageAsync_EndsEveryUnsentJobFailedAndLeavesTheSentOne()
    {
        var messages = new[] { Message("L1"), Message("L2") };
        ledger.Seed(messages[0], SendState.Sent, reason: null);

        await Handler().HandlePoisonQueueMessageAsync(Assert.Single(OutboxEnvelope.Pack(messages)));

        Assert.Equal(SendState.Sent, ledger.Rows[messages[0].JobId].State);
        Assert.Equal(SendState.Failed, ledger.Rows[messages[1].JobId].State);
        Assert.Equal(SuppressionReasons.Poison, ledger.Rows[messages[1].JobId].Reason);
    }

    /// <summary>An ETag-checked ledger in memory, close enough to the table to exercise the handler's writes.</summary>
    private sealed class InMemoryLedger : ISendLedger
    {
        private int etag;

        public Dictionary<string, SendRecord> Rows { get; } = [];

        public Dictionary<string, (string, string)> MessageIndex { get; } = [];

        public int FailNextUpdates { get; set; }

        public void Seed(OutboxMessage message, SendState state, string? reason) =>
            Rows[message.JobId] = SendRecord.For(message, state, reason, Start) with
            {
                MessageId = state == SendState.Sent ? "Outgoing_seed" : null,
                ETag = NextETag(),
            };

        // The jobs of one queue message are sent side by side, so every row operation is atomic, as on the table.
        public Task<SendRecord?> TryAddAsync(SendRecord record, CancellationToken cancellationToken = default)
        {
            lock (Rows)
            {
                if (Rows.ContainsKey(record.JobId))
                {
                    return Task.FromResult<SendRecord?>(null);
                }

                var added = record with { ETag = NextETag() };
                Rows[record.JobId] = added;
                return Task.FromResult<SendRecord?>(added);
            }
        }

        public Task<SendRecord?> GetAsync(string lenderId, string jobId, CancellationToken cancellationToken = default)
        {
            lock (Rows)
            {
                return Task.FromResult(Rows.GetValueOrDefault(jobId));
            }
        }

        public Task<bool> TryUpdateAsync(SendRecord record, CancellationToken cancellationToken = default)
        {
            lock (Rows)
            {
                if (FailNextUpdates > 0)
                {
                    FailNextUpdates--;
                    return Task.FromResult(false);
                }

                if (!Rows.TryGetValue(record.JobId, out var current) || current.ETag != record.ETag)
                {
                    return Task.FromResult(false);
                }

                Rows[record.JobId] = record with { ETag = NextETag() };
                return Task.FromResult(true);
            }
        }

        public Task IndexMessageIdAsync(string messageId, string lenderId, string jobId, CancellationToken cancellationToken = default)
        {
            MessageIndex[messageId] = (lenderId, jobId);
            return Task.CompletedTask;
        }

        public Task<(string LenderId, string JobId)?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken = default) =>
            Task.FromResult<(string, string)?>(MessageIndex.TryGetValue(messageId, out var hit) ? hit : null);

        public IAsyncEnumerable<SendRecord> QueryAsync(string lenderId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
            Rows.Values.ToAsyncEnumerable();

        private string NextETag() => $"W/\"{++etag}\"";
    }
}
