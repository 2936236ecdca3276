using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Messaging;
using Dunning.Core.Reports;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Reports;

public sealed class DashboardRoutesTests
{
    private static LenderApiHandler Api(EventsHarness h) => new(h.Ledger, h.Installments, h.FollowUps, h.Borrowers, h.NewGate(), h.Time);

    [Fact]
    public async Task DailyTrend_CountsEachDaysMessagesAndReplies_AsJsonAndAsTheSameCsv()
    {
        var h = new EventsHarness();
        await h.PostReplyAsync("my husband handles the bills");
        var api = Api(h);

        var json = EventsHarness.Json(await api.GetDailyTrendAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "2026-12-02", "2026-12-04", null));
        var csv = await api.GetDailyTrendAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "2026-12-02", "2026-12-04", "csv");

        var days = json.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(["2026-12-02", "2026-12-03", "2026-12-04"], days.Select(d => d.GetProperty("date").GetString()));
        Assert.Equal([0, 1, 0], days.Select(d => d.GetProperty("sent").GetInt32()));
        Assert.Equal([0, 0, 1], days.Select(d => d.GetProperty("replies").GetInt32()));
        Assert.Equal("text/csv; charset=utf-8", csv.Headers!["Content-Type"]);
        Assert.Equal(
            "date,jobs,sent,delivered,failed,suppressed,replies,opt_outs\r\n2026-12-02,0,0,0,0,0,0,0\r\n2026-12-03,1,1,0,0,0,0,0\r\n2026-12-04,0,0,0,0,0,1,0\r\n",
            csv.JsonBody);
    }

    [Fact]
    public void DailyTrend_AStopOrHelpRaisesNoFollowUp_StillCountsAsThatDaysReplyAsInTheFunnel()
    {
        var h = new EventsHarness();
        var reminder = h.Reminder;
        SendRecord AutoReply(ReplyKind kind, string id, int day) => reminder with
        {
            JobId = $"{EventsHarness.LenderId}:reply:{id}",
            Kind = MessageKind.Reply,
            TemplateId = ReplyTemplateIds.For(kind),
            CreatedAt = new DateTimeOffset(2026, 12, day, 9, 0, 0, TimeSpan.Zero),
        };
        SendRecord[] rows = [reminder, AutoReply(ReplyKind.OptOutConfirmation, "Incoming_2", 3), AutoReply(ReplyKind.Help, "Incoming_3", 4)];

        var from = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

        var days = DailyTrend.Build(from, to, rows, []);
        var funnel = FunnelReport.Build(EventsHarness.LenderId, from, to, rows, new Dictionary<InstallmentKey, DateTimeOffset?>(), []);

        Assert.Equal([0, 1, 1], days.Select(d => d.Replies));
        Assert.Equal([0, 1, 0], days.Select(d => d.OptOuts));
        Assert.Equal(funnel.RepliesByIntent.Values.Sum(), days.Sum(d => d.Replies));
    }

    [Fact]
    public async Task OptOutThatSaidMore_CountsOnceAsAnOptOut_InTheFunnelAndTheDailyTrend()
    {
        var h = new EventsHarness();
        await h.PostReplyAsync("stop calling me, I will pay Friday");
        var confirmation = Assert.Single(h.Outbox.Messages);
        SendRecord[] rows = [h.Reminder, h.Reminder with { JobId = confirmation.JobId, Kind = MessageKind.Reply, TemplateId = confirmation.TemplateId, CreatedAt = h.Time.GetUtcNow() }];
        var from = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

        var funnel = FunnelReport.Build(EventsHarness.LenderId, from, to, rows, new Dictionary<InstallmentKey, DateTimeOffset?>(), h.FollowUps.All);
        var days = DailyTrend.Build(from, to, rows, h.FollowUps.All);

        Assert.Equal(FollowUpKind.OptOutSaidMore, Assert.Single(h.FollowUps.All).Kind);
        Assert.Equal(new Dictionary<string, int> { ["opt-out"] = 1 }, funnel.RepliesByIntent);
        Assert.Equal(1, funnel.OptOuts);
        Assert.Equal([0, 0, 1], days.Select(d => d.Replies));
        Assert.Equal([0, 0, 1], days.Select(d => d.OptOuts));
    }

    [Fact]
    public async Task FailedDeliveries_ListReasonAndMaskedNumber_NeverTheNumber()
    {
        var h = new EventsHarness();
        await h.Ledger.TryUpdateAsync(h.Reminder with { State = SendState.Failed, DeliveryStatus = "Failed", DeliveryStatusDetails = "unreachable", Reason = "delivery-failed" });

        var reply = await Api(h).ListFailedDeliveriesAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "2026-12-01", "2026-12-04");

        var failure = Assert.Single(EventsHarness.Json(reply).GetProperty("failures").EnumerateArray());
        Assert.Equal("••••••••••8000", failure.GetProperty("phone").GetString());
        Assert.Equal("delivery-failed", failure.GetProperty("reason").GetString());
        Assert.DoesNotContain(EventsHarness.BorrowerPhone, reply.JsonBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardRoutes_WithAnotherLendersKey_Are403()
    {
        var h = new EventsHarness();

        Assert.Equal(403, (await Api(h).GetDailyTrendAsync(EventsHarness.LenderId, "nope", null, null, "csv")).StatusCode);
        Assert.Equal(403, (await Api(h).ListFailedDeliveriesAsync(EventsHarness.LenderId, "nope", null, null)).StatusCode);
    }
}
