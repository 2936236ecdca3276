using System.Globalization;
using Dunning.Core;
using Dunning.Local.Cli;
using Dunning.Local.Pipeline;
using Dunning.Storage;
using Dunning.Storage.Emulator;
using Dunning.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Dunning.Console.Tests;

/// <summary>
/// One local host for the whole class: Azurite, the ACS emulator, two lenders (the console's and another), a small
/// book whose T-3 reminders have gone out, and one borrower reply per test so no test depends on another's
/// effects. Debian's chromium is driven by Playwright; nothing is downloaded and nothing leaves loopback.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    public const string Lender = "console-demo";
    public const string OtherLender = "console-other";
    public const string SenderId = "+18005550177";
    public const string OtherSenderId = "+18005550178";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Borrowers by what their test does with them; each has loan L-{name} and a reply already in.</summary>
    public static readonly IReadOnlyDictionary<string, (string Phone, string Reply)> Borrowers = new Dictionary<string, (string, string)>
    {
        ["B-PLAN"] = ("+8613800138001", "我想分期还款"),
        ["B-THREAT"] = ("+8613800138002", "这个月手头紧，能晚几天吗"),
        ["B-CLOSE"] = ("+8613800138003", "我已经还了"),
        ["B-PAUSE"] = ("+8613800138004", "下周五发工资就还"),
        ["B-XSS"] = ("+8613800138005", "<img src=x onerror=alert(1)> </script><script>alert(2)</script> javascript:alert(3)"),
        ["B-TIME"] = ("+8613800138006", "好的，知道了，谢谢"),
        ["B-CONTROL"] = ("+8613800138007", "收到"),

        // Read as an opt-out that also says "paid": acted on (opted out) and, being doubtful, sent to staff.
        ["B-DOUBT"] = ("+8613800138009", "已经还了，别再发了"),

        // A certain opt-out that says more: opted out and confirmed, and the promise reaches staff.
        ["B-SAIDMORE"] = ("+8613800138010", "别再发了，我下周五就还"),

        // A promise to pay on a named day (Friday 4 Dec, the reply arriving on Tuesday 1 Dec): staff see the day.
        ["B-PROMISE"] = ("+8613800138011", "我周五还"),
    };

    /// <summary>A borrower who opted out before the first scan, so the book has a suppressed message for the dashboard.</summary>
    public static readonly (string Id, string Phone) OptedOutBeforeTheScan = ("B-STOP", "+8613800138008");

    private AzuriteProcess? azurite;
    private IPlaywright? playwright;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("dunning-console-");

    /// <summary>Tuesday 1 Dec 2026, 10:00 in Shanghai: inside the send window.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public LocalPipeline Pipeline { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string LenderKey { get; private set; } = "";
    public string OtherLenderKey { get; private set; } = "";
    public string ConsoleUrl => new Uri(Pipeline.BaseUrl, "/api/console/").ToString();
    public string ArtifactsDirectory { get; } = Path.Combine(RepositoryRoot.Find(), "artifacts");

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find(), CancellationToken.None);
        await new DunningStorage(azurite.ConnectionString).EnsureCreatedAsync();
        Pipeline = await LocalPipeline.StartAsync(new LocalPipelineOptions
        {
            StorageConnectionString = azurite.ConnectionString,
            Time = Time,
            RunBackgroundLoops = false,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
            ShardCount = 1,
        }, RepositoryRoot.Find());

        LenderKey = await InitLenderAsync(Lender, "安心贷", SenderId);
        OtherLenderKey = await InitLenderAsync(OtherLender, "别家贷", OtherSenderId);
        await SeedBookAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Pipeline is not null)
        {
            await Pipeline.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        work.Delete(recursive: true);
    }

    /// <summary>Scans, sends and delivers until nothing is left to do at the current virtual time.</summary>
    public async Task RunPipelineAsync()
    {
        await Pipeline.ScanAsync();
        await Pipeline.RunUntilQuietAsync();
    }

    public async Task<IPage> SignedInPageAsync(string lender = Lender, string? key = null)
    {
        var page = await NewPageAsync();
        await page.FillAsync("#lender-id", lender);
        await page.FillAsync("#lender-key", key ?? (lender == Lender ? LenderKey : OtherLenderKey));
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await page.Locator("#app").WaitForAsync();
        return page;
    }

    /// <summary>A fresh tab on the console (its own sessionStorage), failing the test on any dialog or page error.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => throw new InvalidOperationException($"A dialog opened: {dialog.Message}");
        page.PageError += (_, error) => PageErrors.Add(error);
        page.Console += (_, message) =>
        {
            // A 403/404 the test provokes is logged by the browser as a failed load; everything else (a CSP refusal) counts.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                PageErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(ConsoleUrl);
        return page;
    }

    /// <summary>Script errors and console errors (a CSP violation is one) seen on any page.</summary>
    public List<string> PageErrors { get; } = [];

    public static string Csv(string fileName, params string[] rows) =>
        "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" + string.Concat(rows.Select(r => r + "\r\n"));

    private async Task SeedBookAsync()
    {
        var due = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime).AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = Borrowers.Select(b => (b.Key, b.Value.Phone)).Append(OptedOutBeforeTheScan)
            .Select(b => $"L-{b.Item1[2..]},1,{b.Item1},张{b.Item1[2..].ToLowerInvariant()},{b.Item2},Asia/Shanghai,zh-CN,1200.00,CNY,{due},true").ToArray();
        var path = Path.Combine(work.FullName, "book.csv");
        await File.WriteAllTextAsync(path, Csv("book.csv", rows));
        var upload = await CliAsync("upload", "--lender", Lender, path);
        Assert.True(upload.Code == 0, upload.Error);
        await Pipeline.Watcher.ScanOnceAsync(CancellationToken.None);
        await Pipeline.Emulator!.PostInboundSmsAsync(OptedOutBeforeTheScan.Phone, SenderId, "退订");
        await Pipeline.RunUntilQuietAsync();
        await RunPipelineAsync();
        await Pipeline.Emulator.FlushDueReportsAsync();

        foreach (var (_, (phone, reply)) in Borrowers)
        {
            await Pipeline.Emulator.PostInboundSmsAsync(phone, SenderId, reply);
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        await Pipeline.RunUntilQuietAsync();
    }

    private async Task<string> InitLenderAsync(string lenderId, string brand, string senderId)
    {
        var init = await CliAsync("lender", "init", lenderId, "--region", "CN", "--brand", brand, "--hotline", "400-820-8820", "--sender-id", senderId);
        Assert.True(init.Code == 0, init.Error);

        // The region's send-time spans would hold each reminder to its own minute later in the day; the tests stand at
        // 10:00 in Shanghai and ask what the next scan sends, so the lender's one span is that minute.
        var spans = await CliAsync("lender", "set", lenderId, "sendTimes=10:00-10:01");
        Assert.True(spans.Code == 0, spans.Error);
        return init.Output.Split("shown once: ")[1].Trim().Split('\n')[0].Trim();
    }

    private async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DunningCli.RunAsync([.. args, "--storage", azurite!.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
