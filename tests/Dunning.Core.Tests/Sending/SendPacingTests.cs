using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;
using Dunning.Core.Tests.Events.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dunning.Core.Tests.Sending;

public sealed class SendPacingTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly DateOnly Day = new(2026, 12, 3);

    [Fact]
    public void PerMinute_IsTheSumOfTheLendersNumbersAppWideLimits()
    {
        var lender = LenderSettings.DefaultFor("acme") with { SenderIds = ["+18005550100", "+18005550101", "+18005550102"] };

        Assert.Equal(600, SendPacing.PerMinute(lender));
        var limits = new SenderThroughputOptions { PermitsPerMinute = { ["18005550100"] = 10 } };
        Assert.Equal(410, SendPacing.PerMinute(lender, limits));
        // A short code, a local number at its configured rate, and two alphanumeric ids sharing the resource's limit.
        var mixed = lender with { SenderIds = ["12345", "+12125550123", "ACME", "ACMELOANS"] };
        Assert.Equal(6_000 + 60 + 600, SendPacing.PerMinute(mixed));
        // The evening span is cut at 21:00: 120 + 30 minutes.
        Assert.Equal((120 + 30) * 600, SendPacing.SpanCapacity(RegionDefaults.China.SendTimes.Take(1).Append(new SendTimeSpan(new(20, 30), new(21, 30))).ToList(), QuietHours.Default, 600));
    }

    /// <summary>
    /// A hundred reminders planned into a 5-minute span, for one sender number that takes 3 a minute, in a window of 20
    /// minutes: 15 fit the span, 60 fit the window. The rest may not go out at 21:00 or tomorrow unannounced.
    /// </summary>
    [Fact]
    public async Task HandleAsync_DayTooLargeForItsSpans_EveryMessageSentInsideTheWindowOrSuppressedWithItsReason()
    {
        const int perMinute = 3;
        var window = new QuietHours(new TimeOnly(10, 0), new TimeOnly(10, 20));
        var lender = LenderSettings.DefaultFor("acme") with
        {
            SendWindow = window,
            SendTimes = [new SendTimeSpan(new TimeOnly(10, 0), new TimeOnly(10, 5))],
            SenderIds = ["+18005550100"],
        };
        var zone = SendWindow.For(lender, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var time = new FakeTimeProvider(zone.StartOfLocalDay(Day));
        var held = new PriorityQueue<OutboxMessage, DateTimeOffset>();
        foreach (var i in Enumerable.Range(0, 100))
        {
            var slot = SendSlots.On($"acme:L-{i}:1:T-3", Day, time.GetUtcNow(), lender.SendTimes, zone)!.Value;
            held.Enqueue(Message($"L-{i}", slot), slot);
        }

        var ledger = new InMemorySendLedger();
        var sentPerMinute = new Dictionary<DateTimeOffset, int>();
        var handler = new SendSmsHandler(ledger, ThrottlingSender(time, perMinute, sentPerMinute).Object, HoldingOutbox(time, held).Object,
            WindowEligibility(zone, time).Object, Lenders(lender).Object, time, NullLogger<SendSmsHandler>.Instance);

        while (held.TryDequeue(out var message, out var at))
        {
            if (at > time.GetUtcNow())
            {
                time.SetUtcNow(at);
            }

            await handler.HandleAsync(message, 1);
        }

        var rows = Enumerable.Range(0, 100).Select(i => ledger.Rows.Single(r => r.JobId == $"acme:L-{i}:1:T-3")).ToList();
        Assert.All(rows, row => Assert.True(
            row.State == SendState.Sent && zone.Allows(row.SentAt!.Value) && zone.LocalDate(row.SentAt.Value) == Day
            || row is { State: SendState.Suppressed, Reason: SuppressionReasons.OverSendCapacity },
            $"{row.JobId} ended {row.State} {row.Reason} at {row.SentAt}"));
        Assert.All(sentPerMinute.Values, count => Assert.InRange(count, 1, perMinute));
        Assert.Equal(20 * perMinute, rows.Count(r => r.State == SendState.Sent));
        Assert.Equal(100 - 20 * perMinute, rows.Count(r => r.State == SendState.Suppressed));
    }

    private static OutboxMessage Message(string loanId, DateTimeOffset slot) =>
        SendSmsHandlerTests.Message(loanId) with { EarliestSendAt = slot, LatestSendAt = slot.AddDays(2), BorrowerTimeZone = "Asia/Shanghai" };

    /// <summary>The sender pool's own limit: a number that has sent its minute's share says so and sends nothing.</summary>
    private static Mock<ISmsSender> ThrottlingSender(FakeTimeProvider time, int perMinute, Dictionary<DateTimeOffset, int> sentPerMinute)
    {
        var sender = new Mock<ISmsSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<SmsSendRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(() =>
        {
            var now = time.GetUtcNow();
            var minute = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMinute));
            if (sentPerMinute.GetValueOrDefault(minute) >= perMinute)
            {
                return new SmsSendResult(SmsSendStatus.Throttled, null, 429, RetryAfter: minute.AddMinutes(1) - now, Attempted: false);
            }

            sentPerMinute[minute] = sentPerMinute.GetValueOrDefault(minute) + 1;
            return new SmsSendResult(SmsSendStatus.Accepted, "Outgoing_" + Guid.NewGuid().ToString("N"), 202);
        });
        return sender;
    }

    private static Mock<IOutbox> HoldingOutbox(FakeTimeProvider time, PriorityQueue<OutboxMessage, DateTimeOffset> held)
    {
        var outbox = new Mock<IOutbox>();
        outbox.Setup(o => o.EnqueueAsync(It.IsAny<OutboxMessage>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback<OutboxMessage, TimeSpan, CancellationToken>((message, delay, _) => held.Enqueue(message, time.GetUtcNow() + delay))
            .Returns(Task.CompletedTask);
        return outbox;
    }

    /// <summary>The window as the real rule set sees it: outside it a message is deferred to the next opening.</summary>
    private static Mock<ISendEligibility> WindowEligibility(SendWindow window, FakeTimeProvider time)
    {
        var eligibility = new Mock<ISendEligibility>();
        eligibility.Setup(e => e.CheckAndReserveAsync(It.IsAny<EligibilityRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => SendEligibility.Timing(time.GetUtcNow(), window));
        return eligibility;
    }

    private static Mock<ILenderDirectory> Lenders(LenderSettings lender)
    {
        var lenders = new Mock<ILenderDirectory>();
        lenders.Setup(l => l.FindAsync(lender.LenderId, It.IsAny<CancellationToken>())).ReturnsAsync(lender);
        return lenders;
    }
}
