using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Local.Cli;
using Dunning.Local.Pipeline;
using Dunning.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// A US lender and a Chinese lender onboarded the way docs/LENDERS.md says (the US one with `lender init`, the
/// Chinese one with a settings document in config/{lenderId}/settings.json), their schedules uploaded with
/// `upload`, phone numbers written the way each country writes them; then the pipeline runs on a virtual clock.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LenderOnboardingEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string suffix = Guid.NewGuid().ToString("N")[..8];
    private string UsLender => "us-" + suffix;
    private string CnLender => "cn-" + suffix;
    private readonly string usSender = "+1800555" + Random.Shared.Next(2000, 5999).ToString(System.Globalization.CultureInfo.InvariantCulture);
    private readonly string cnSender = "+1800555" + Random.Shared.Next(6000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Tuesday 1 Dec 2026, 12:30 UTC: 07:30 in New York (before its window opens), 20:30 in Shanghai (inside its window).
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 30, 0, TimeSpan.Zero));
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("dunning-onboarding-");
    private LocalPipeline pipeline = null!;

    public async Task InitializeAsync() => pipeline = await LocalPipeline.StartAsync(new LocalPipelineOptions
    {
        StorageConnectionString = azurite.ConnectionString,
        Time = time,
        RunBackgroundLoops = false,
        QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
    }, RepositoryRoot.Find());

    public async Task DisposeAsync()
    {
        await pipeline.DisposeAsync();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task UsAndChineseLenders_OnboardedByTheDocumentedCommands_MessageTheRightNumbersInTheirLanguageAtLawfulLocalTimes()
    {
        // US: `lender init` with its region's defaults (en, America/New_York, USD, Reg F window and caps).
        var init = await Cli("lender", "init", UsLender, "--region", "US", "--brand", "Acme Lending", "--hotline", "(212) 736-5000", "--sender-id", usSender);
        Assert.True(init.Code == 0, init.Error);
        var usKey = init.Output.Split("shown once: ")[1].Trim();

        // China: a settings document dropped where the blob trigger (here the watcher) picks it up.
        await pipeline.Storage.Container(PipelineNames.ConfigContainer).GetBlobClient($"{CnLender}/settings.json").UploadAsync(BinaryData.FromString($$"""
            { "region": "CN", "brand": "安信金融", "hotline": "400-820-8820", "senderIds": ["{{cnSender}}"] }
            """));
        var settingsResult = Assert.Single(await pipeline.Watcher.ScanOnceAsync(CancellationToken.None), s => s.LenderId == CnLender);
        Assert.Equal((1, null), (settingsResult.Stored, settingsResult.FileError));

        // Schedules with national-format numbers, no language column values: each lender's default applies.
        const string Header = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n";
        Assert.Equal(0, (await Upload(UsLender, "us-book.csv", Header + "LN-1,1,B-1,Anna Smith,(212) 555-0123,America/New_York,,310.00,USD,2026-12-04,true\r\n")).Code);
        Assert.Equal(0, (await Upload(CnLender, "cn-book.csv", Header + "LN-1,1,B-1,张伟,138 0013 8000,Asia/Shanghai,,1200.50,CNY,2026-12-04,true\r\n")).Code);
        var ingested = await pipeline.Watcher.ScanOnceAsync(CancellationToken.None);
        Assert.All(ingested.Where(s => s.LenderId == UsLender || s.LenderId == CnLender), s => Assert.Equal((1, 0), (s.Stored, s.Rejected)));

        // Hourly scans, the clock stopping at each held message's minute, until both T-3 reminders are out: each waits
        // for its minute in its lender's send-time spans (Shanghai's have passed at 20:30, so what is left of the window).
        var nextScan = time.GetUtcNow();
        for (var step = 0; step < 100 && pipeline.Emulator!.Delivered.Count(d => d.Tag?.StartsWith(UsLender + ":", StringComparison.Ordinal) == true) == 0; step++)
        {
            if (time.GetUtcNow() >= nextScan)
            {
                await pipeline.ScanAsync();
                nextScan = time.GetUtcNow().AddHours(1);
            }

            await pipeline.RunUntilQuietAsync();
            time.SetUtcNow(pipeline.Delays?.NextDue() is { } due && due < nextScan ? due : nextScan);
        }

        var us = Assert.Single(pipeline.Emulator!.Delivered, d => d.Tag == $"{UsLender}:LN-1:1:T-3");
        var cn = Assert.Single(pipeline.Emulator.Delivered, d => d.Tag == $"{CnLender}:LN-1:1:T-3");
        Assert.Equal(("+12125550123", usSender), (us.To, us.From));
        Assert.Equal(("+8613800138000", cnSender), (cn.To, cn.From));
        Assert.Contains("Reply STOP", us.Text, StringComparison.Ordinal);
        Assert.Contains("Acme Lending", us.Text, StringComparison.Ordinal);
        Assert.Contains("回复TD退订", cn.Text, StringComparison.Ordinal);
        Assert.StartsWith("【安信金融】", cn.Text, StringComparison.Ordinal);
        AssertLawful(us.AcceptedAt, "America/New_York");
        AssertLawful(cn.AcceptedAt, "Asia/Shanghai");
        // Held from 07:30 until its minute in the US spans, not dropped and not at 08:00 with everyone else.
        var usLocal = LocalTime(us.AcceptedAt, "America/New_York");
        Assert.Contains(RegionDefaults.UnitedStates.SendTimes, span => span.From <= usLocal && usLocal < span.Until);
        Assert.True(LocalTime(cn.AcceptedAt, "Asia/Shanghai") >= new TimeOnly(20, 30));

        // The key `lender init` printed opens the lender's report.
        var report = await Cli("report", "--lender", UsLender, "--key", usKey, "--from", "2026-11-30", "--to", "2026-12-02");
        Assert.True(report.Code == 0, report.Error);
        Assert.Contains(UsLender, report.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsDocument_RefusedAfterAGoodOne_KeepsTheGoodSettingsAndWritesTheReasonsBesideTheCsvResults()
    {
        var config = pipeline.Storage.Container(PipelineNames.ConfigContainer);
        await config.GetBlobClient($"{UsLender}/settings.json").UploadAsync(BinaryData.FromString(
            """{ "region": "US", "brand": "Acme", "hotline": "(212) 736-5000", "maxMessagesPer7Days": 5 }"""));
        await config.GetBlobClient($"{UsLender}/templates/T0.en.liquid").UploadAsync(BinaryData.FromString("not a settings document"));
        Assert.Equal(1, Assert.Single(await pipeline.Watcher.ScanOnceAsync(CancellationToken.None), s => s.LenderId == UsLender).Stored);

        await config.GetBlobClient($"{UsLender}/settings.json").UploadAsync(BinaryData.FromString(
            "{ \"region\": \"US\", \"brand\": \"Acme\", \"hotline\": \"(212) 736-5000\",\n  \"sendWindow\": { \"until\": \"22:00\" } }"), overwrite: true);
        var refused = Assert.Single(await pipeline.Watcher.ScanOnceAsync(CancellationToken.None), s => s.LenderId == UsLender);

        Assert.Equal(1, refused.Rejected);
        Assert.Equal($"{PipelineNames.ResultsContainer}/{UsLender}/settings/settings.json.errors.csv", refused.ReportCsvPath);
        var errors = (await pipeline.Storage.Container(PipelineNames.ResultsContainer).GetBlobClient($"{UsLender}/settings/settings.json.errors.csv").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("2,sendWindow.until,22:00 is later than 21:00", errors, StringComparison.Ordinal);
        var shown = await Cli("lender", "show", UsLender);
        Assert.Contains("\"maxMessagesPer7Days\": 5", shown.Output, StringComparison.Ordinal);
        Assert.Contains("\"until\": \"21:00\"", shown.Output, StringComparison.Ordinal);
    }

    private static TimeOnly LocalTime(DateTimeOffset instant, string zone) =>
        TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);

    private static void AssertLawful(DateTimeOffset sentAt, string zone)
    {
        var local = LocalTime(sentAt, zone);
        Assert.True(local >= new TimeOnly(8, 0) && local < new TimeOnly(21, 0), $"sent at {local} in {zone}");
    }

    private async Task<(int Code, string Output, string Error)> Upload(string lenderId, string fileName, string csv)
    {
        var path = Path.Combine(work.FullName, fileName);
        await File.WriteAllTextAsync(path, csv);
        return await Cli("upload", "--lender", lenderId, path);
    }

    private async Task<(int Code, string Output, string Error)> Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DunningCli.RunAsync([.. args, "--storage", azurite.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
