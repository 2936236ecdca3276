using System.Text.Json;
using Dunning.Core.FollowUps;
using Dunning.Core.Lenders;
using Dunning.Core.Reports;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Reports;

public sealed class LenderApiHandlerTests
{
    private static LenderApiHandler Api(EventsHarness h) => new(h.Ledger, h.Installments, h.FollowUps, h.Borrowers, h.NewGate(), h.Time);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("another-lenders-key")]
    public async Task EveryRoute_WithoutThisLendersOwnKey_Returns403(string? key)
    {
        var api = Api(new EventsHarness());

        Assert.Equal(403, (await api.GetReportAsync(EventsHarness.LenderId, key, null, null)).StatusCode);
        Assert.Equal(403, (await api.ListFollowUpsAsync(EventsHarness.LenderId, key, "open")).StatusCode);
        Assert.Equal(403, (await api.CloseFollowUpAsync(EventsHarness.LenderId, key, "x", null)).StatusCode);
    }

    [Fact]
    public async Task GetReport_KeyOfOneLenderOnAnotherLendersRoute_Returns403()
    {
        var h = new EventsHarness();
        await h.Lenders.SaveAsync(Lenders.LenderSettings.DefaultFor("other-lender") with { ApiKeyHashes = [Lenders.LenderKeys.Hash("other-key")] });

        var reply = await Api(h).GetReportAsync("other-lender", EventsHarness.LenderKey, null, null);

        Assert.Equal(403, reply.StatusCode);
    }

    [Fact]
    public async Task GetReport_InvalidLenderId_Returns400()
    {
        var reply = await Api(new EventsHarness()).GetReportAsync("Acme/../x", EventsHarness.LenderKey, null, null);

        Assert.Equal(400, reply.StatusCode);
    }

    [Theory]
    [InlineData("2026-12-05", "2026-12-01")]
    [InlineData("yesterday", null)]
    [InlineData("2020-01-01", "2026-01-01")]
    public async Task GetReport_BadRange_Returns400(string? from, string? to)
    {
        var reply = await Api(new EventsHarness()).GetReportAsync(EventsHarness.LenderId, EventsHarness.LenderKey, from, to);

        Assert.Equal(400, reply.StatusCode);
    }

    [Fact]
    public async Task GetReport_CountsDeliveriesPaymentsAndReplies()
    {
        var h = new EventsHarness();
        await h.PostAsync(Payloads.EventGridBatch(Payloads.DeliveryReport("d-1", EventsHarness.ReminderMessageId, "Delivered", h.Time.GetUtcNow())));
        await h.PostReplyAsync("我已经还了");
        h.Installments.Add(h.Installment with { AmountPaid = 1234.56m, PaidAt = h.Reminder.SentAt!.Value.AddDays(1) });

        var reply = await Api(h).GetReportAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "2026-12-01", "2026-12-04");

        Assert.Equal(200, reply.StatusCode);
        var json = JsonDocument.Parse(reply.JsonBody!).RootElement;
        var row = json.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("stage").GetString() == "T+3");
        Assert.Equal(1, row.GetProperty("delivered").GetInt32());
        Assert.Equal(1, row.GetProperty("paidWithin3Days").GetInt32());
        Assert.Equal(1, json.GetProperty("repliesByIntent").GetProperty("paid").GetInt32());
    }

    [Fact]
    public async Task ListFollowUps_RedactsExpiredTextAndHidesPhoneHash()
    {
        var h = new EventsHarness();
        await h.PostReplyAsync("please call me after 6pm");
        var api = Api(h);

        var fresh = (await api.ListFollowUpsAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "open")).JsonBody!;
        h.Time.Advance(TimeSpan.FromDays(31));
        var expired = (await api.ListFollowUpsAsync(EventsHarness.LenderId, EventsHarness.LenderKey, null)).JsonBody!;

        Assert.Contains("please call me after 6pm", fresh);
        Assert.DoesNotContain("please call me", expired);
        Assert.Contains("freeText", expired);
        Assert.DoesNotContain(h.BorrowerHash, fresh);
    }

    [Fact]
    public async Task ListFollowUps_APromiseCarriesThePromisedDate_AndCountsAsAPromise()
    {
        var h = new EventsHarness();
        await h.PostReplyAsync("我周五还", eventId: "e1", messageId: "in-1");
        await h.PostReplyAsync("我会尽快还款的", eventId: "e2", messageId: "in-2");
        var api = Api(h);

        var json = JsonDocument.Parse((await api.ListFollowUpsAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "open")).JsonBody!).RootElement.GetProperty("followUps");
        var report = JsonDocument.Parse((await api.GetReportAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "2026-12-01", "2026-12-04")).JsonBody!).RootElement;

        var promises = json.EnumerateArray().Select(f => (f.GetProperty("kind").GetString(), f.TryGetProperty("promisedDate", out var d) ? d.GetString() : null)).Order().ToList();
        Assert.Equal([("promiseToPay", null), ("promiseToPay", "2026-12-11")], promises);
        Assert.Equal(2, report.GetProperty("repliesByIntent").GetProperty("promise").GetInt32());
    }

    [Fact]
    public async Task ListFollowUps_CarriesHowTheReplyWasRead_AndDropsTheQuotedWordsWithTheText()
    {
        var h = new EventsHarness(Languages.English);
        await h.PostReplyAsync("for the last time stop");
        var api = Api(h);

        var fresh = EventsHarness.Json(await api.ListFollowUpsAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "open"));
        h.Time.Advance(TimeSpan.FromDays(31));
        var expired = EventsHarness.Json(await api.ListFollowUpsAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "open"));

        var reading = Assert.Single(fresh.GetProperty("followUps").EnumerateArray()).GetProperty("reading");
        Assert.Equal("optOut", reading.GetProperty("intent").GetString());
        Assert.True(reading.GetProperty("doubtful").GetBoolean());
        Assert.Equal(["keywordInSentence"], reading.GetProperty("doubts").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(Languages.English, reading.GetProperty("language").GetString());
        Assert.Equal("stop", reading.GetProperty("matchedWords").GetString());
        Assert.Contains("stop", reading.GetProperty("phrase").GetString()!.Split('|'));
        var later = Assert.Single(expired.GetProperty("followUps").EnumerateArray()).GetProperty("reading");
        Assert.Equal(("optOut", true), (later.GetProperty("intent").GetString(), later.GetProperty("doubtful").GetBoolean()));
        Assert.False(later.TryGetProperty("phrase", out _));
        Assert.False(later.TryGetProperty("matchedWords", out _));
    }

    [Fact]
    public async Task ListFollowUps_StoredBeforeReadingsWereKept_HasNoReading()
    {
        var h = new EventsHarness();
        await h.PostReplyAsync("收到");
        var stored = Assert.Single(h.FollowUps.All);
        Assert.NotNull(stored.Reading);
        Assert.True(await h.FollowUps.TryUpdateAsync(stored with { Reading = null }));

        var json = EventsHarness.Json(await Api(h).ListFollowUpsAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "open"));

        var item = Assert.Single(json.GetProperty("followUps").EnumerateArray());
        Assert.Equal("freeText", item.GetProperty("kind").GetString());
        Assert.False(item.TryGetProperty("reading", out _));
    }

    [Fact]
    public async Task ListFollowUps_UnknownStatus_Returns400()
    {
        Assert.Equal(400, (await Api(new EventsHarness()).ListFollowUpsAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "pending")).StatusCode);
    }

    [Fact]
    public async Task CloseFollowUp_AnotherLendersFollowUpWithThatLendersOwnKey_Returns404()
    {
        var h = new EventsHarness();
        await h.Lenders.SaveAsync(Lenders.LenderSettings.DefaultFor("other-lender") with { ApiKeyHashes = [Lenders.LenderKeys.Hash("other-key")] });
        await h.PostReplyAsync("PLAN");
        var id = Assert.Single(h.FollowUps.All).Id;

        var reply = await Api(h).CloseFollowUpAsync("other-lender", "other-key", id, null);

        Assert.Equal(404, reply.StatusCode);
        Assert.Equal(FollowUpStatus.Open, Assert.Single(h.FollowUps.All).Status);
    }

    [Fact]
    public async Task CloseFollowUp_PlanRequest_ClosesAndResumesEscalation()
    {
        var h = new EventsHarness();
        await h.PostReplyAsync("分期");
        var id = Assert.Single(h.FollowUps.All).Id;
        Assert.True(h.Installment.PlanRequested);

        var reply = await Api(h).CloseFollowUpAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, null);
        var again = await Api(h).CloseFollowUpAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, null);

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(200, again.StatusCode);
        var closed = Assert.Single(h.FollowUps.All);
        Assert.Equal(FollowUpStatus.Closed, closed.Status);
        Assert.Equal(h.Time.GetUtcNow(), closed.ClosedAt);
        Assert.False(h.Installment.PlanRequested);
    }

    [Fact]
    public async Task CloseFollowUp_MalformedId_Returns404()
    {
        Assert.Equal(404, (await Api(new EventsHarness()).CloseFollowUpAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "../../x", null)).StatusCode);
    }
}
