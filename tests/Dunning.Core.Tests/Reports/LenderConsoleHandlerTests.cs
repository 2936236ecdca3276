using System.Text;
using System.Text.Json;
using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Reports;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Events.Fakes;
using Dunning.Core.Tests.Personalization;
using Microsoft.Extensions.Logging;
using Moq;

namespace Dunning.Core.Tests.Reports;

public sealed class LenderConsoleHandlerTests
{
    private const string OtherLender = "other-lender";
    private const string OtherKey = "other-lender-key";

    private static (LenderConsoleHandler Handler, InMemoryLoanIndex Loans, ListLogger Log) Console(EventsHarness h)
    {
        var loans = new InMemoryLoanIndex();
        loans.Add(new InstallmentKey(EventsHarness.LenderId, EventsHarness.LoanId, 1));
        var log = new ListLogger();
        var handler = new LenderConsoleHandler(
            h.NewGate(), h.FollowUps, h.Borrowers, h.Installments, loans, h.Ledger, h.Outbox, h.Hasher,
            new TemplateUploadService(h.Templates, h.Lenders), h.Time, log);
        return (handler, loans, log);
    }

    private static Stream Body(object value) => new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));

    private static async Task<string> PlanRequestAsync(EventsHarness h)
    {
        await h.PostReplyAsync("我想分期");
        h.Outbox.Messages.Clear();
        return Assert.Single(h.FollowUps.All).Id;
    }

    [Fact]
    public async Task Reply_ToAPlanRequest_QueuesOneBrandedStaffReplyAndRecordsItOnTheFollowUp()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);

        var reply = await Console(h).Handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, Body(new { text = "您好，分期方案已发到App，请查看。回复TD退订" }));

        Assert.Equal(202, reply.StatusCode);
        var message = Assert.Single(h.Outbox.Messages);
        Assert.Equal(MessageKind.StaffReply, message.Kind);
        Assert.False(message.CountsAgainstCap);
        Assert.StartsWith("【安心贷】您好", message.Text, StringComparison.Ordinal);
        Assert.Equal(EventsHarness.BorrowerPhone, message.To);
        Assert.Equal(EventsHarness.Json(reply).GetProperty("jobId").GetString(), message.JobId);
        Assert.Equal(h.Time.GetUtcNow(), message.EarliestSendAt);
        Assert.Equal(message.JobId, Assert.Single(Assert.Single(h.FollowUps.All).StaffReplies).JobId);
    }

    [Fact]
    public async Task Reply_AtNightInTheBorrowersZone_WaitsForTheSendWindow()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 14, 30, 0, TimeSpan.Zero)); // 22:30 in Shanghai

        var reply = await Console(h).Handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, Body(new { text = "明天联系您" }));

        Assert.Equal(202, reply.StatusCode);
        var message = Assert.Single(h.Outbox.Messages);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), message.EarliestSendAt);
    }

    [Fact]
    public async Task Reply_WithAThreat_Is422WithTheRuleAndWords_AndQueuesNothing()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);

        var reply = await Console(h).Handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, Body(new { text = "再不还钱就让你坐牢" }));

        Assert.Equal(422, reply.StatusCode);
        var finding = Assert.Single(EventsHarness.Json(reply).GetProperty("findings").EnumerateArray());
        Assert.Equal("threat-detention", finding.GetProperty("ruleId").GetString());
        Assert.Contains("坐牢", finding.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
        Assert.Empty(h.Outbox.Messages);
        Assert.Empty(Assert.Single(h.FollowUps.All).StaffReplies);
    }

    [Fact]
    public async Task Reply_ToAnOptedOutNumber_Is409AndQueuesNothing()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);
        await h.Borrowers.TrySavePhoneAsync(h.BorrowerPhoneStatus with { OptedOut = true, OptedOutAt = h.Time.GetUtcNow() });

        var reply = await Console(h).Handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, Body(new { text = "您好" }));

        Assert.Equal(409, reply.StatusCode);
        Assert.Empty(h.Outbox.Messages);
    }

    [Fact]
    public async Task Reply_ToAnOptOutThatSaidMore_Is409AndQueuesNothing()
    {
        var h = new EventsHarness();
        await h.PostReplyAsync("别再发了，我下周五就还");
        h.Outbox.Messages.Clear();
        var followUp = Assert.Single(h.FollowUps.All);

        var reply = await Console(h).Handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, followUp.Id, Body(new { text = "好的，周五等您还款" }));

        Assert.Equal((FollowUpKind.OptOutSaidMore, 409), (followUp.Kind, reply.StatusCode));
        Assert.Empty(h.Outbox.Messages);
    }

    [Fact]
    public async Task Reply_TheSameTextTwice_IsOneJob()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);
        var (handler, _, _) = Console(h);

        var first = await handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, Body(new { text = "收到，稍后联系" }));
        var second = await handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, Body(new { text = "收到，稍后联系" }));

        Assert.Equal(EventsHarness.Json(first).GetProperty("jobId").GetString(), EventsHarness.Json(second).GetProperty("jobId").GetString());
        Assert.Single(Assert.Single(h.FollowUps.All).StaffReplies);
    }

    [Fact]
    public async Task Reply_IsLoggedWithoutTheNumberNameOrText()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);
        var (handler, _, log) = Console(h);

        await handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, Body(new { text = "张三您好，方案已发送" }));

        var line = Assert.Single(log.Lines);
        Assert.DoesNotContain("13800138000", line, StringComparison.Ordinal);
        Assert.DoesNotContain("张三", line, StringComparison.Ordinal);
        Assert.DoesNotContain("方案", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRoute_AnotherLendersIdsWithThatLendersOwnKey_Are404LikeMissingOnes()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);
        await h.Lenders.SaveAsync(LenderSettings.DefaultFor(OtherLender) with { ApiKeyHashes = [LenderKeys.Hash(OtherKey)] });
        var (handler, _, _) = Console(h);

        Assert.Equal(404, (await handler.ReplyAsync(OtherLender, OtherKey, id, Body(new { text = "hello" }))).StatusCode);
        Assert.Equal(404, (await handler.PauseBorrowerAsync(OtherLender, OtherKey, EventsHarness.BorrowerId, Body(new { days = 3 }))).StatusCode);
        Assert.Equal(404, (await handler.MarkWrongNumberAsync(OtherLender, OtherKey, EventsHarness.BorrowerId)).StatusCode);
        Assert.Equal(404, (await handler.GetTimelineAsync(OtherLender, OtherKey, EventsHarness.BorrowerId)).StatusCode);
        var found = await handler.FindBorrowersAsync(OtherLender, OtherKey, EventsHarness.LoanId, null, null);
        Assert.Empty(EventsHarness.Json(found).GetProperty("borrowers").EnumerateArray());
        Assert.Empty(h.Outbox.Messages);
        Assert.Null(h.BorrowerPhoneStatus.PausedUntil);
        Assert.False(h.BorrowerPhoneStatus.WrongNumber);
    }

    [Fact]
    public async Task EveryRoute_OneLendersKeyOnAnothersRoute_Is403()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);
        await h.Lenders.SaveAsync(LenderSettings.DefaultFor(OtherLender) with { ApiKeyHashes = [LenderKeys.Hash(OtherKey)] });
        var (handler, _, _) = Console(h);

        Assert.Equal(403, (await handler.ReplyAsync(EventsHarness.LenderId, OtherKey, id, Body(new { text = "hello" }))).StatusCode);
        Assert.Equal(403, (await handler.GetTimelineAsync(EventsHarness.LenderId, OtherKey, EventsHarness.BorrowerId)).StatusCode);
        Assert.Equal(403, (await handler.FindBorrowersAsync(EventsHarness.LenderId, OtherKey, EventsHarness.LoanId, null, null)).StatusCode);
        Assert.Equal(403, (await handler.CheckTemplateAsync(EventsHarness.LenderId, OtherKey, Body(new { name = "T-3", language = "en", text = "x" }), save: true)).StatusCode);
        Assert.Empty(h.Templates.Templates);
    }

    [Fact]
    public async Task Pause_SetsTheNumbersPause_AndTheScheduledRulesSuppressUntilThen()
    {
        var h = new EventsHarness();
        var (handler, _, _) = Console(h);

        var reply = await handler.PauseBorrowerAsync(EventsHarness.LenderId, EventsHarness.LenderKey, EventsHarness.BorrowerId, Body(new { days = 7 }));

        Assert.Equal(200, reply.StatusCode);
        var phone = h.BorrowerPhoneStatus;
        Assert.Equal(h.Time.GetUtcNow().AddDays(7), phone.PausedUntil);
        var settings = (await h.Lenders.FindAsync(EventsHarness.LenderId))!;
        var window = SendWindow.For(settings, SendWindow.ResolveTimeZone("Asia/Shanghai", settings.DefaultTimeZone));
        var installment = h.Installment with { DueDate = new DateOnly(2026, 12, 18) };
        Assert.Equal(SuppressionReasons.Paused, SendEligibility.Standing(settings, true, phone, installment, Stage.Parse("T-7"), h.Time.GetUtcNow(), window).Reason);
        Assert.Equal(Verdict.Send, SendEligibility.Standing(settings, true, phone, installment, Stage.Parse("T-7"), h.Time.GetUtcNow().AddDays(7).AddMinutes(1), window).Verdict);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public async Task Pause_DaysOutOfRange_Is400(int days)
    {
        var h = new EventsHarness();

        var reply = await Console(h).Handler.PauseBorrowerAsync(EventsHarness.LenderId, EventsHarness.LenderKey, EventsHarness.BorrowerId, Body(new { days }));

        Assert.Equal(400, reply.StatusCode);
        Assert.Null(h.BorrowerPhoneStatus.PausedUntil);
    }

    [Fact]
    public async Task StaffReply_AtSendTime_IsDeferredAtNightAndSuppressedOnceOptedOut()
    {
        var h = new EventsHarness();
        var eligibility = new SendEligibility(h.Lenders, h.Borrowers, h.Installments, Mock.Of<ICapLedger>(MockBehavior.Strict), h.Time);
        var night = new DateTimeOffset(2026, 12, 4, 14, 30, 0, TimeSpan.Zero);
        EligibilityRequest Request(DateTimeOffset at) => new("job", EventsHarness.LenderId, EventsHarness.BorrowerId, null, null, Stage.ReplyName, MessageKind.StaffReply, at);

        var atNight = await eligibility.CheckAndReserveAsync(Request(night));
        var byDay = await eligibility.CheckAndReserveAsync(Request(h.Time.GetUtcNow()));
        await h.Borrowers.TrySavePhoneAsync(h.BorrowerPhoneStatus with { OptedOut = true });
        var optedOut = await eligibility.CheckAndReserveAsync(Request(h.Time.GetUtcNow()));

        Assert.Equal(Verdict.Defer, atNight.Verdict);
        Assert.Equal(Verdict.Send, byDay.Verdict);
        Assert.Equal(SuppressionReasons.OptedOut, optedOut.Reason);
    }

    [Fact]
    public async Task Find_ByLoanIdAndByPhoneWithoutCountryCode_FindsTheBorrowerWithAMaskedNumber()
    {
        var h = new EventsHarness();
        var (handler, _, _) = Console(h);

        var byLoan = EventsHarness.Json(await handler.FindBorrowersAsync(EventsHarness.LenderId, EventsHarness.LenderKey, EventsHarness.LoanId, null, null));
        var byPhone = EventsHarness.Json(await handler.FindBorrowersAsync(EventsHarness.LenderId, EventsHarness.LenderKey, null, "138 0013 8000", null));

        Assert.Equal(EventsHarness.BorrowerId, Assert.Single(byLoan.GetProperty("borrowers").EnumerateArray()).GetProperty("borrowerId").GetString());
        var found = Assert.Single(byPhone.GetProperty("borrowers").EnumerateArray());
        Assert.Equal("••••••••••8000", found.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Timeline_ShowsMessagesRepliesStaffAnswersPausesAndTheStateNow()
    {
        var h = new EventsHarness();
        var id = await PlanRequestAsync(h);
        var (handler, _, _) = Console(h);
        var answered = await handler.ReplyAsync(EventsHarness.LenderId, EventsHarness.LenderKey, id, Body(new { text = "方案已发送" }));
        h.Ledger.Add(SendRecord.For(Assert.Single(h.Outbox.Messages), SendState.Sent, null, h.Time.GetUtcNow()));
        await handler.PauseBorrowerAsync(EventsHarness.LenderId, EventsHarness.LenderKey, EventsHarness.BorrowerId, Body(new { days = 5 }));

        var timeline = EventsHarness.Json(await handler.GetTimelineAsync(EventsHarness.LenderId, EventsHarness.LenderKey, EventsHarness.BorrowerId));

        var events = timeline.GetProperty("events").EnumerateArray().ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("message", types);
        Assert.Contains("reply", types);
        Assert.Contains("pause", types);
        var staff = events.Single(e => e.GetProperty("type").GetString() == "staff-reply");
        Assert.Equal("【安心贷】方案已发送", staff.GetProperty("text").GetString());
        Assert.Equal("sent", staff.GetProperty("state").GetString());
        Assert.Equal(EventsHarness.Json(answered).GetProperty("jobId").GetString(), h.Outbox.Messages[0].JobId);
        var state = timeline.GetProperty("state");
        Assert.Equal(h.Time.GetUtcNow().AddDays(5), state.GetProperty("pausedUntil").GetDateTimeOffset());
        Assert.False(state.GetProperty("optedOut").GetBoolean());
        Assert.True(Assert.Single(timeline.GetProperty("installments").EnumerateArray()).GetProperty("planRequested").GetBoolean());
        Assert.DoesNotContain(EventsHarness.BorrowerPhone, timeline.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_EveryReplyCarriesHowItWasRead_AndAnOlderOneNone()
    {
        var h = new EventsHarness();
        var olderAt = h.Time.GetUtcNow().AddDays(-1);
        await h.FollowUps.TryCreateAsync(new FollowUp
        {
            Id = FollowUpIds.For(olderAt, "in-0"), LenderId = EventsHarness.LenderId, Kind = FollowUpKind.FreeText,
            BorrowerId = EventsHarness.BorrowerId, PhoneHash = h.BorrowerHash, CreatedAt = olderAt,
        });
        await h.PostReplyAsync("我住院了，能晚几天还吗");

        var timeline = EventsHarness.Json(await Console(h).Handler.GetTimelineAsync(EventsHarness.LenderId, EventsHarness.LenderKey, EventsHarness.BorrowerId));

        var replies = timeline.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "reply").ToList();
        Assert.Equal(2, replies.Count);
        var reading = replies[0].GetProperty("reading");
        Assert.Equal(("plan", true, Languages.Chinese), (reading.GetProperty("intent").GetString(), reading.GetProperty("doubtful").GetBoolean(), reading.GetProperty("language").GetString()));
        Assert.Equal(["question"], reading.GetProperty("doubts").EnumerateArray().Select(d => d.GetString()));
        Assert.False(replies[1].TryGetProperty("reading", out _));
    }

    [Fact]
    public async Task CheckTemplate_ReportsSegmentsEncodingCostPreviewAndFindings()
    {
        var h = new EventsHarness();
        var text = "{{ brand }}: Dear {{ borrower_name }}, {{ amount_due }} is due {{ due_date }}. Pay {{ pay_method }} or we will call the police. {{ hotline }} Reply STOP to opt out";

        var reply = await Console(h).Handler.CheckTemplateAsync(EventsHarness.LenderId, EventsHarness.LenderKey, Body(new { name = "T-3", language = "en", text }), save: false);

        Assert.Equal(200, reply.StatusCode);
        var json = EventsHarness.Json(reply);
        Assert.False(json.GetProperty("accepted").GetBoolean());
        Assert.True(json.GetProperty("segments").GetInt32() >= 2);
        Assert.Equal("ucs2", json.GetProperty("encoding").GetString());
        Assert.Contains("police", json.GetProperty("findings").EnumerateArray().SelectMany(f => f.GetProperty("words").EnumerateArray()).Select(w => w.GetString()!.ToLowerInvariant()));
        Assert.Contains("Dear Alexandrina", json.GetProperty("preview").GetString(), StringComparison.Ordinal);
    }

    private sealed class ListLogger : ILogger<LenderConsoleHandler>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception) + " " + string.Join(";", (state as IEnumerable<KeyValuePair<string, object?>>)?.Select(p => $"{p.Key}={p.Value}") ?? []));
    }
}
