using Dunning.Core.Events;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Events.Fakes;
using FsCheck;
using FsCheck.Fluent;

namespace Dunning.Core.Tests.Events;

public sealed class DeliveryReportRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);

    private static SendRecord Sent(SendState state = SendState.Sent) => new()
    {
        JobId = "acme:L1:1:T0", LenderId = "acme", BorrowerId = "b", BorrowerKey = "h", Stage = "T0", TemplateId = "t",
        Kind = MessageKind.Scheduled, State = state, CreatedAt = T0, SentAt = T0, MessageId = "m-1",
    };

    private static DeliveryReport Report(string status, int minutes) => new("m-1", status, status + " detail", null, T0.AddMinutes(minutes));

    [Fact]
    public void Apply_FailedAfterDelivered_KeepsDelivered()
    {
        var delivered = DeliveryReportRule.Apply(Sent(), Report("Delivered", 1))!;

        Assert.Null(DeliveryReportRule.Apply(delivered, Report("Failed", 5)));
    }

    [Fact]
    public void Apply_LateDeliveredAfterFailed_MovesToDelivered()
    {
        var failed = DeliveryReportRule.Apply(Sent(), Report("Failed", 5))!;

        var delivered = DeliveryReportRule.Apply(failed, Report("Delivered", 1))!;

        Assert.Equal(SendState.Delivered, delivered.State);
        Assert.Null(delivered.Reason);
        Assert.Equal(T0.AddMinutes(1), delivered.DeliveryReportedAt);
    }

    [Fact]
    public void Apply_OlderReportOfSameOutcome_ChangesNothing()
    {
        var failed = DeliveryReportRule.Apply(Sent(), Report("Failed", 5))!;

        Assert.Null(DeliveryReportRule.Apply(failed, Report("Failed", 2)));
        Assert.Null(DeliveryReportRule.Apply(failed, Report("Failed", 5)));
        Assert.Equal(T0.AddMinutes(9), DeliveryReportRule.Apply(failed, Report("Failed", 9))!.DeliveryReportedAt);
    }

    [Fact]
    public void Apply_SuppressedRow_NeverMoves()
    {
        Assert.Null(DeliveryReportRule.Apply(Sent(SendState.Suppressed), Report("Delivered", 1)));
    }

    [Fact]
    public void Apply_FailedReport_RecordsStatusDetailsAndReason()
    {
        var failed = DeliveryReportRule.Apply(Sent(), Report("Failed", 1) with { DeliveryStatusDetails = "Recipient unreachable" })!;

        Assert.Equal(SendState.Failed, failed.State);
        Assert.Equal("Failed", failed.DeliveryStatus);
        Assert.Equal("Recipient unreachable", failed.DeliveryStatusDetails);
        Assert.Equal(DeliveryReportRule.FailedReason, failed.Reason);
    }

    [Fact]
    public void Apply_AnyOrderOfReports_ConvergesToTheSameRow()
    {
        var reports = Gen.Elements("Delivered", "Failed", "Expired")
            .Zip(Gen.Choose(0, 30), (status, minute) => Report(status, minute))
            .ListOf()
            .Where(list => list.Count > 0);

        Prop.ForAll(reports.ToArbitrary(), list =>
        {
            var forward = list.Aggregate(Sent(), (row, r) => DeliveryReportRule.Apply(row, r) ?? row);
            var backward = list.AsEnumerable().Reverse().Aggregate(Sent(), (row, r) => DeliveryReportRule.Apply(row, r) ?? row);
            var shuffled = list.OrderBy(r => r.DeliveryStatus).ThenByDescending(r => r.ReceivedAt).Aggregate(Sent(), (row, r) => DeliveryReportRule.Apply(row, r) ?? row);
            var expectDelivered = list.Any(r => r.IsDelivered);
            return forward.State == backward.State && backward.State == shuffled.State
                && forward.DeliveryReportedAt == backward.DeliveryReportedAt && backward.DeliveryReportedAt == shuffled.DeliveryReportedAt
                && forward.State == (expectDelivered ? SendState.Delivered : SendState.Failed);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task Handler_OutOfOrderReports_EndDelivered()
    {
        var harness = new EventsHarness();
        var now = harness.Time.GetUtcNow();

        await harness.PostAsync(Payloads.EventGridBatch(Payloads.DeliveryReport("d-late", EventsHarness.ReminderMessageId, "Failed", now.AddMinutes(10))));
        await harness.PostAsync(Payloads.EventGridBatch(Payloads.DeliveryReport("d-early", EventsHarness.ReminderMessageId, "Delivered", now)));
        await harness.PostAsync(Payloads.EventGridBatch(Payloads.DeliveryReport("d-later", EventsHarness.ReminderMessageId, "Failed", now.AddMinutes(20))));

        Assert.Equal(SendState.Delivered, harness.Reminder.State);
        Assert.Equal(now, harness.Reminder.DeliveryReportedAt);
    }

    [Fact]
    public async Task Handler_RowWithoutAMessageIdYet_FoundByTag()
    {
        // A send whose result was never recorded (crash after ACS accepted it): no message id, no index; our tag links.
        var harness = new EventsHarness();
        await harness.Ledger.TryUpdateAsync(harness.Reminder with { State = SendState.Sending, MessageId = null });

        await harness.PostAsync(Payloads.EventGridBatch(Payloads.DeliveryReport("d-1", "unindexed-id", "Delivered", harness.Time.GetUtcNow(), tag: EventsHarness.ReminderJobId)));

        Assert.Equal(SendState.Delivered, harness.Reminder.State);
    }

    [Fact]
    public async Task Handler_LedgerConflict_RetriesAndApplies()
    {
        var harness = new EventsHarness();
        harness.Ledger.ConflictsToInject = 3;

        await harness.PostAsync(Payloads.EventGridBatch(Payloads.DeliveryReport("d-1", EventsHarness.ReminderMessageId, "Delivered", harness.Time.GetUtcNow())));

        Assert.Equal(SendState.Delivered, harness.Reminder.State);
    }

    [Fact]
    public async Task Handler_RecentReportForUnknownMessage_AskedAgainLaterAndNothingChanges()
    {
        var harness = new EventsHarness();
        var before = harness.Ledger.Rows.ToList();

        var reply = await harness.PostAsync(Payloads.EventGridBatch(Payloads.DeliveryReport("d-1", "nobody", "Delivered", harness.Time.GetUtcNow(), tag: "not-a-job")));

        Assert.Equal(503, reply.StatusCode);
        Assert.Equal(before, harness.Ledger.Rows.ToList());
    }
}
