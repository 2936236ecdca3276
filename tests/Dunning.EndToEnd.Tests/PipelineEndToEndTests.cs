using System.Net;
using System.Text;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Dunning.Local.Pipeline;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// Upload → ingest → scan → personalize → send → delivery report → STOP reply → nothing more, through the
/// local host (the same handlers and routes as the Functions app) on Azurite and the ACS emulator.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string lenderId = "e2e-" + Guid.NewGuid().ToString("N")[..10];
    private const string Phone = "+8613912345678";
    private const string LenderKey = "e2e-lender-key";
    // Each test's lender has its own sender number, as lenders do: a reply is routed to a lender by the number it was sent to.
    private readonly string senderId = "+1800555" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // 09:30 in Shanghai on 20 Nov 2026: inside the send window; the installment is due in 3 days (T-3).
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 20, 1, 30, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider logs = new();
    private LocalPipeline pipeline = null!;

    public async Task InitializeAsync()
    {
        pipeline = await LocalPipeline.StartAsync(new LocalPipelineOptions
        {
            StorageConnectionString = azurite.ConnectionString,
            Time = time,
            RunBackgroundLoops = false,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
            ConfigureEmulator = emulator => emulator.DeliveryReportDelay = TimeSpan.FromMinutes(1),
            ConfigureServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                services.Configure<LoggerFilterOptions>(filter => filter.MinLevel = LogLevel.Trace);
            },
        }, RepositoryRoot.Find());
        await pipeline.Services.GetRequiredService<ILenderDirectory>().SaveAsync(LenderSettings.DefaultFor(lenderId) with
        {
            Brand = "Anxin",
            Hotline = "400-820-8820",
            SenderIds = [senderId],
            ApiKeyHashes = [LenderKeys.Hash(LenderKey)],
        });
    }

    public async Task DisposeAsync() => await pipeline.DisposeAsync();

    [Fact]
    public async Task UploadToStopReply_SendsOnceReportsDeliveryAndNeverMessagesAfterStop()
    {
        var csv = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" +
            "LN-1,1,B-1,张伟,+8613912345678,Asia/Shanghai,zh-CN,1200.50,CNY,2026-11-23,true\r\n" +
            "LN-2,1,B-2,王芳,not-a-phone,Asia/Shanghai,zh-CN,300.00,CNY,2026-11-23,true\r\n";
        await pipeline.Storage.Container(PipelineNames.SchedulesContainer).GetBlobClient($"{lenderId}/book.csv")
            .UploadAsync(BinaryData.FromString(csv));

        var ingested = await pipeline.Watcher.ScanOnceAsync(CancellationToken.None);
        Assert.Equal((1, 1), (ingested.Single().Stored, ingested.Single().Rejected));

        await pipeline.ScanAsync();
        await pipeline.RunUntilQuietAsync();
        var first = Assert.Single(pipeline.Emulator!.Delivered);
        Assert.Equal(Phone, first.To);
        Assert.Contains("1,200.50", first.Text);
        Assert.Equal($"{lenderId}:LN-1:1:T-3", first.Tag);

        time.Advance(TimeSpan.FromMinutes(5));
        await pipeline.RunUntilQuietAsync();
        var ledger = pipeline.Services.GetRequiredService<ISendLedger>();
        Assert.Equal(SendState.Delivered, (await ledger.GetAsync(lenderId, first.Tag!))!.State);

        await pipeline.Emulator.PostInboundSmsAsync(Phone, senderId, "ＳＴＯＰ");
        await pipeline.RunUntilQuietAsync();
        var confirmation = Assert.Single(pipeline.Emulator.Delivered, d => d.To == Phone && d.MessageId != first.MessageId);
        Assert.DoesNotContain("1,200.50", confirmation.Text);

        // Three more days of hourly scans reach T-1 and T0; the opted-out borrower hears nothing.
        for (var hour = 0; hour < 72; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await pipeline.ScanAsync();
            await pipeline.RunUntilQuietAsync();
        }

        Assert.Equal(2, pipeline.Emulator.Delivered.Count(d => d.To == Phone));
        var t0 = await ledger.GetAsync(lenderId, $"{lenderId}:LN-1:1:T0");
        Assert.Equal((SendState.Suppressed, "opted-out"), (t0!.State, t0.Reason));

        // Invariant 7: the whole run logged no phone number, name, amount or message text, at any level.
        Assert.NotEmpty(logs.Lines);
        string[] secrets = [Phone, "13912345678", "张伟", "1200.50", "1,200.50", first.Text[..12], confirmation.Text[..12]];
        Assert.DoesNotContain(logs.Lines, line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StopWhileTheReminderWaitsInTheOutbox_TheReminderIsSuppressedAtSendTime()
    {
        var csv = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" +
            $"LN-9,1,B-9,Li Na,{Phone},Asia/Shanghai,en,80.00,CNY,2026-11-23,true\r\n";
        await pipeline.Storage.Container(PipelineNames.SchedulesContainer).GetBlobClient($"{lenderId}/book.csv").UploadAsync(BinaryData.FromString(csv));
        await pipeline.Watcher.ScanOnceAsync(CancellationToken.None);
        await pipeline.ScanAsync();
        await pipeline.ReminderPump.DrainAsync(CancellationToken.None); // the reminder is now written and waits in sms-outbox

        await pipeline.Emulator!.PostInboundSmsAsync(Phone, senderId, "stop");
        await pipeline.RunUntilQuietAsync();

        var toBorrower = Assert.Single(pipeline.Emulator.Delivered, d => d.To == Phone);
        Assert.DoesNotContain("80.00", toBorrower.Text); // only the opt-out confirmation went out
        var reminder = await pipeline.Services.GetRequiredService<ISendLedger>().GetAsync(lenderId, $"{lenderId}:LN-9:1:T-3");
        Assert.Equal((SendState.Suppressed, "opted-out"), (reminder!.State, reminder.Reason));
    }

    [Fact]
    public async Task SmsEventsRoute_WithoutTheKey_Answers401()
    {
        using var client = new HttpClient { BaseAddress = pipeline.BaseUrl };

        var response = await client.PostAsync("api/" + PipelineNames.SmsEventsRoute, new StringContent("[]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task LenderReport_WithTheLendersKey_ReturnsItsFunnel_AndWithoutIt403()
    {
        using var client = new HttpClient { BaseAddress = pipeline.BaseUrl };
        client.DefaultRequestHeaders.Add("x-functions-key", pipeline.Options.SharedKey);

        var refused = await client.GetAsync($"api/lenders/{lenderId}/report");
        client.DefaultRequestHeaders.Add(LenderKeys.HeaderName, LenderKey);
        var response = await client.GetAsync($"api/lenders/{lenderId}/report");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(lenderId, await response.Content.ReadAsStringAsync());
    }
}
