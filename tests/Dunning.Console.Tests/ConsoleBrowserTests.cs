using System.Text.RegularExpressions;
using Dunning.Core;
using Microsoft.Playwright;

namespace Dunning.Console.Tests;

/// <summary>What the lender's staff do in the console, in Debian's chromium, against the local host and the ACS emulator.</summary>
public sealed partial class ConsoleBrowserTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    private static ILocator Card(IPage page, string borrowerId) => page.Locator("li.card", new() { Has = page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex(Regex.Escape(borrowerId) + "$") }) });

    [Fact]
    public async Task SignIn_WithTheLendersKey_ShowsTheInboxOldestFirstWithCountsPerKindAndHowEachReplyWasRead_AndSignOutForgetsTheKey()
    {
        var page = await host.SignedInPageAsync();

        await Assertions.Expect(page.Locator("#inbox-counts")).ToContainTextAsync(new Regex(@"Asks for a plan: \d+"));
        var borrowers = await page.Locator("li.card h3").AllTextContentsAsync();
        Assert.EndsWith("B-PLAN", borrowers[0], StringComparison.Ordinal);
        var doubtful = Card(page, "B-DOUBT");
        await Assertions.Expect(doubtful.Locator(".reading .intent")).ToHaveTextAsync("Opt-out");
        await Assertions.Expect(doubtful.Locator(".reading .doubt")).ToHaveTextAsync("doubtful: the reply asked for more than one thing");
        await Assertions.Expect(doubtful.Locator(".reading")).ToContainTextAsync("also asked: Says they paid");
        await Assertions.Expect(doubtful.Locator(".reading-basis q.matched")).ToHaveTextAsync("别 再 发");
        await Assertions.Expect(Card(page, "B-PLAN").Locator(".reading .certain")).ToHaveTextAsync("certain");
        var saidMore = Card(page, "B-SAIDMORE");
        await Assertions.Expect(saidMore.Locator("h3")).ToContainTextAsync("Opted out, and said more");
        await Assertions.Expect(saidMore.Locator(".reading .certain")).ToHaveTextAsync("certain");
        await Assertions.Expect(saidMore.Locator("blockquote.words")).ToHaveTextAsync(ConsoleHost.Borrowers["B-SAIDMORE"].Reply);
        var promise = Card(page, "B-PROMISE");
        await Assertions.Expect(promise.Locator("h3")).ToContainTextAsync("Promises to pay");
        await Assertions.Expect(promise.Locator(".promised")).ToHaveTextAsync("Promised for: 2026-12-04");
        await Assertions.Expect(saidMore.Locator(".promised")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(host.ArtifactsDirectory, "console-inbox.png"), FullPage = true });

        await page.SelectOptionAsync("#language", "zh-CN");
        await Assertions.Expect(doubtful.Locator(".reading .intent")).ToHaveTextAsync("退订");
        await Assertions.Expect(doubtful.Locator(".reading .doubt")).ToHaveTextAsync("存疑: 回复同时提出了多个请求");
        await Assertions.Expect(saidMore.Locator("h3")).ToContainTextAsync("已退订，另有留言");
        await Assertions.Expect(promise.Locator(".promised")).ToHaveTextAsync("承诺还款日: 2026-12-04");

        await page.ClickAsync("#sign-out");

        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        Assert.Equal("null", await page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage.getItem('dunning.console.session'))"));
        Assert.Empty(host.PageErrors);
    }

    [Fact]
    public async Task Reply_ToAPlanRequest_ReachesTheEmulatorWithTheBrand()
    {
        var page = await host.SignedInPageAsync();
        var card = Card(page, "B-PLAN");

        await card.Locator("textarea").FillAsync("您好，分期方案已发到App，请查看");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(card.Locator(".status")).ToContainTextAsync("Queued");
        await host.Pipeline.RunUntilQuietAsync();

        var sms = Assert.Single(host.Pipeline.Emulator!.Delivered, d => d.To == ConsoleHost.Borrowers["B-PLAN"].Phone && d.Text.Contains("分期方案已发到App", StringComparison.Ordinal));
        Assert.StartsWith("【安心贷】", sms.Text, StringComparison.Ordinal);
        Assert.Equal(ConsoleHost.SenderId, sms.From);
    }

    [Fact]
    public async Task Reply_WithAThreat_IsRefusedWithItsRuleShown_AndNothingIsSent()
    {
        var page = await host.SignedInPageAsync();
        var card = Card(page, "B-THREAT");
        var before = host.Pipeline.Emulator!.Delivered.Count(d => d.To == ConsoleHost.Borrowers["B-THREAT"].Phone);

        await card.Locator("textarea").FillAsync("再不还钱就让你坐牢");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Assertions.Expect(card.Locator(".findings li[data-rule='threat-detention']")).ToContainTextAsync("坐牢");
        await Assertions.Expect(card.Locator(".status")).ToContainTextAsync("lint refused");
        await host.Pipeline.RunUntilQuietAsync();
        Assert.Equal(before, host.Pipeline.Emulator.Delivered.Count(d => d.To == ConsoleHost.Borrowers["B-THREAT"].Phone));
    }

    [Fact]
    public async Task Reply_ToAnOptOutThatSaidMore_IsRefused_AndNothingIsSent()
    {
        var page = await host.SignedInPageAsync();
        var card = Card(page, "B-SAIDMORE");
        var before = host.Pipeline.Emulator!.Delivered.Count(d => d.To == ConsoleHost.Borrowers["B-SAIDMORE"].Phone);

        await card.Locator("textarea").FillAsync("好的，周五等您还款");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Assertions.Expect(card.Locator(".status")).ToContainTextAsync("the number has opted out");
        await host.Pipeline.RunUntilQuietAsync();
        Assert.Equal(before, host.Pipeline.Emulator.Delivered.Count(d => d.To == ConsoleHost.Borrowers["B-SAIDMORE"].Phone));
    }

    [Fact]
    public async Task Close_WithAnOutcome_LeavesTheInbox()
    {
        var page = await host.SignedInPageAsync();
        var card = Card(page, "B-CLOSE");

        await card.Locator("select").SelectOptionAsync("paid");
        await card.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(card.Locator(".status")).ToHaveTextAsync("Closed.");
        await page.ReloadAsync();
        await page.Locator("#app").WaitForAsync();

        await Assertions.Expect(page.Locator("li.card").First).ToBeVisibleAsync();
        await Assertions.Expect(Card(page, "B-CLOSE")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Pause_ForSevenDays_TheNextScanSendsThatBorrowerNothing()
    {
        var page = await host.SignedInPageAsync();
        var card = Card(page, "B-PAUSE");
        await card.Locator("input[type=number]").FillAsync("7");
        await card.GetByRole(AriaRole.Button, new() { Name = "Pause reminders" }).ClickAsync();
        await Assertions.Expect(card.Locator(".status")).ToContainTextAsync("Paused until");

        // Two days on, at 10:00 in Shanghai, it is T-1 for the whole book: the control borrower gets it, the paused one
        // does not. Both replied at 10:xx, so their reminders aim at their own hour: the clock walks through it.
        var scannedAt = ConsoleHost.Start.AddDays(2);
        host.Time.Advance(scannedAt - host.Time.GetUtcNow());
        await host.RunPipelineAsync();
        for (var step = 0; step < 12; step++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(5));
            await host.Pipeline.RunUntilQuietAsync();
        }

        Assert.Contains(host.Pipeline.Emulator!.Delivered, d => d.Tag == $"{ConsoleHost.Lender}:L-CONTROL:1:T-1");
        Assert.DoesNotContain(host.Pipeline.Emulator.Delivered, d => d.Tag?.StartsWith($"{ConsoleHost.Lender}:L-PAUSE:1:T-1", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(host.Pipeline.Emulator.Delivered, d => d.To == ConsoleHost.Borrowers["B-PAUSE"].Phone && d.AcceptedAt >= scannedAt);
    }

    [Fact]
    public async Task Borrower_FoundByLoanId_ShowsTheTimelineAndTheStateNow()
    {
        var page = await host.SignedInPageAsync();
        await page.ClickAsync("nav [data-section=borrower]");
        await page.SelectOptionAsync("#borrower-by", "loanId");
        await page.FillAsync("#borrower-query", "L-TIME");
        await page.ClickAsync("#borrower-form button[type=submit]");

        await Assertions.Expect(page.Locator("#timeline-title")).ToContainTextAsync("B-TIME");
        await Assertions.Expect(page.Locator("#timeline-events li[data-type=message]", new() { HasText = "T-3" }).First).ToContainTextAsync(new Regex(@"\[(sent|Delivered)\]"));
        await Assertions.Expect(page.Locator("#timeline-events li[data-type=reply]").First).ToContainTextAsync("好的，知道了，谢谢");
        await Assertions.Expect(page.Locator("#timeline-events li[data-type=reply] .reading").First).ToHaveTextAsync("Read as: Nothing recognised (for staff)");
        await Assertions.Expect(page.Locator("#timeline-state dd[data-state=opted-out]")).ToHaveTextAsync("no");
        await Assertions.Expect(page.Locator("#timeline-title")).Not.ToContainTextAsync(ConsoleHost.Borrowers["B-TIME"].Phone[3..]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(host.ArtifactsDirectory, "console-borrower.png"), FullPage = true });
    }

    [Fact]
    public async Task Upload_ACsvWithOneBadRow_ShowsThatLinesError()
    {
        var page = await host.SignedInPageAsync();
        await page.ClickAsync("nav [data-section=uploads]");
        var csv = ConsoleHost.Csv(
            "more.csv",
            "L-NEW1,1,B-NEW1,王五,+8613800138011,Asia/Shanghai,zh-CN,800.00,CNY,2026-12-20,true",
            "L-NEW2,1,B-NEW2,赵六,not-a-phone,Asia/Shanghai,zh-CN,800.00,CNY,2026-12-20,true");

        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "more.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await Assertions.Expect(page.Locator("#upload-status")).ToContainTextAsync("waiting for the ingest");
        await host.Pipeline.Watcher.ScanOnceAsync(CancellationToken.None);

        await Assertions.Expect(page.Locator("#upload-errors tr[data-line='3']")).ToContainTextAsync("phone", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#upload-summary dd[data-count=stored]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#upload-summary dd[data-count=rejected]")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Template_AsTheLenderTypes_ShowsSegmentsAndAFinding()
    {
        var page = await host.SignedInPageAsync();
        await page.ClickAsync("nav [data-section=templates]");
        await page.SelectOptionAsync("#template-name", "T-3");
        await page.SelectOptionAsync("#template-language", "en");

        await page.FillAsync("#template-text", "{{ brand }}: Dear {{ borrower_name }}, {{ amount_due }} is due {{ due_date }}. Pay {{ pay_method }} or we call the police. {{ hotline }} Reply STOP to opt out");

        await Assertions.Expect(page.Locator("#template-segments")).ToHaveTextAsync(SegmentCount());
        await Assertions.Expect(page.Locator("#template-findings li").First).ToContainTextAsync("police");
        await Assertions.Expect(page.Locator("#template-preview")).ToContainTextAsync("Dear");
    }

    [Fact]
    public async Task Dashboard_EveryChartIsDrawnAtANonZeroSize()
    {
        var page = await host.SignedInPageAsync();
        await page.ClickAsync("nav [data-section=dashboard]");
        await page.FillAsync("#dashboard-from", "2026-11-25");
        await page.FillAsync("#dashboard-to", "2026-12-05");
        await page.ClickAsync("#dashboard-form button[type=submit]");

        // The trend covers the range asked for, even though the section's first load (the last 30 days) may answer later.
        await page.WaitForFunctionAsync("() => window.Chart?.getChart('chart-trend')?.data.labels[0] === '2026-11-25'");
        Assert.Equal(11, await page.EvaluateAsync<int>("() => window.Chart.getChart('chart-trend').data.labels.length"));
        foreach (var id in new[] { "chart-funnel", "chart-templates", "chart-suppressed", "chart-replies", "chart-trend" })
        {
            await page.WaitForFunctionAsync($"() => window.Chart && window.Chart.getChart('{id}') !== undefined");
            var box = await page.Locator($"#{id}").BoundingBoxAsync();
            Assert.True(box is { Width: > 0, Height: > 0 }, id);
            Assert.True(await page.EvaluateAsync<bool>($"() => window.Chart.getChart('{id}').data.datasets.some(d => d.data.some(v => v > 0))"), id + " has no figures");
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(host.ArtifactsDirectory, "console-dashboard.png"), FullPage = true });
        Assert.Empty(host.PageErrors);
    }

    [Fact]
    public async Task Reply_WithMarkupAndScript_IsShownAsLiteralText()
    {
        var page = await host.SignedInPageAsync();
        var words = Card(page, "B-XSS").Locator("blockquote.words");

        await Assertions.Expect(words).ToHaveTextAsync(ConsoleHost.Borrowers["B-XSS"].Reply);
        Assert.Equal(0, await page.Locator("li.card img").CountAsync());
        Assert.Equal(0, await page.Locator("li.card script").CountAsync());
        Assert.Equal(0, await page.Locator("li.card a").CountAsync());
        Assert.Contains("script-src 'self'", (await page.GotoAsync(host.ConsoleUrl))!.Headers["content-security-policy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithAWrongKey_IsRefused_AndAnotherLendersIdsAreRefusedToo()
    {
        var page = await host.NewPageAsync();
        await page.FillAsync("#lender-id", ConsoleHost.OtherLender);
        await page.FillAsync("#lender-key", "not-the-key");
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("do not match");
        Assert.True(await page.Locator("#app").IsHiddenAsync());

        // Signed in as the other lender, the first lender's follow-up and borrower are as missing as made-up ones.
        var other = await host.SignedInPageAsync(ConsoleHost.OtherLender);
        var followUpId = await FollowUpIdAsync("B-PLAN");
        var ownRoute = await other.EvaluateAsync<int>(
            "async ([lender, id]) => (await fetch(`/api/lenders/${lender}/followups/${id}/reply`, { method: 'POST', headers: { 'x-lender-key': JSON.parse(sessionStorage.getItem('dunning.console.session')).key, 'content-type': 'application/json' }, body: '{\"text\":\"hi\"}' })).status",
            new[] { ConsoleHost.OtherLender, followUpId });
        var timeline = await other.EvaluateAsync<int>(
            "async lender => (await fetch(`/api/lenders/${lender}/borrowers/B-PLAN/timeline`, { headers: { 'x-lender-key': JSON.parse(sessionStorage.getItem('dunning.console.session')).key } })).status",
            ConsoleHost.OtherLender);
        var theirRoute = await other.EvaluateAsync<int>(
            "async lender => (await fetch(`/api/lenders/${lender}/followups`, { headers: { 'x-lender-key': JSON.parse(sessionStorage.getItem('dunning.console.session')).key } })).status",
            ConsoleHost.Lender);

        Assert.Equal((404, 404, 403), (ownRoute, timeline, theirRoute));
    }

    [Fact]
    public async Task Settings_TheDocumentInForceIsShown_AndARefusedEditSaysWhichFieldAndWhy()
    {
        var page = await host.SignedInPageAsync();
        await page.ClickAsync("nav [data-section=settings]");
        await Assertions.Expect(page.Locator("#settings-document")).ToHaveValueAsync(new Regex("安心贷"));

        var document = System.Text.Json.Nodes.JsonNode.Parse(await page.InputValueAsync("#settings-document"))!;
        document["maxMessagesPerDay"] = 40;
        await page.FillAsync("#settings-document", document.ToJsonString());
        await page.ClickAsync("#settings-form button[type=submit]");

        await Assertions.Expect(page.Locator("#settings-problems li[data-field=maxMessagesPerDay]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#settings-status")).ToContainTextAsync("unchanged");
    }

    private async Task<string> FollowUpIdAsync(string borrowerId)
    {
        using var client = new HttpClient { BaseAddress = host.Pipeline.BaseUrl };
        client.DefaultRequestHeaders.Add("x-lender-key", host.LenderKey);
        var json = await client.GetStringAsync($"/api/lenders/{ConsoleHost.Lender}/followups?status=all");
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("followUps").EnumerateArray()
            .First(f => f.GetProperty("borrowerId").GetString() == borrowerId).GetProperty("id").GetString()!;
    }

    [GeneratedRegex("^[2-9]$")]
    private static partial Regex SegmentCount();
}
