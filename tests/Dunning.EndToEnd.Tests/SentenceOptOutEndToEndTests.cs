using System.Globalization;
using System.Net;
using System.Text;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Dunning.Local.Pipeline;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// Replies as borrowers type them, through the local host on Azurite and the ACS emulator: a sentence-form opt-out,
/// and a STOP in the REST-spec body shape (PascalCase data, numbers without +), each stop every later message.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SentenceOptOutEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Phone = "+8613912345678";
    private readonly string lenderId = "e2e-" + Guid.NewGuid().ToString("N")[..10];
    private readonly string senderId = "+1800555" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);

    // 09:30 in Shanghai on 20 Nov 2026: inside the send window; the installment is due in 3 days (T-3).
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 20, 1, 30, 0, TimeSpan.Zero));
    private LocalPipeline pipeline = null!;

    public async Task InitializeAsync()
    {
        pipeline = await LocalPipeline.StartAsync(new LocalPipelineOptions
        {
            StorageConnectionString = azurite.ConnectionString,
            Time = time,
            RunBackgroundLoops = false,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
        }, RepositoryRoot.Find());
        await pipeline.Services.GetRequiredService<ILenderDirectory>().SaveAsync(LenderSettings.DefaultFor(lenderId) with
        {
            Brand = "Anxin",
            Hotline = "400-820-8820",
            SenderIds = [senderId],
        });
    }

    public async Task DisposeAsync() => await pipeline.DisposeAsync();

    [Fact]
    public async Task SentenceOptOut_PleaseStopMessagingMe_StopsEveryLaterMessage()
    {
        var first = await FirstReminderAsync();

        await pipeline.Emulator!.PostInboundSmsAsync(Phone, senderId, "please stop messaging me");
        await pipeline.RunUntilQuietAsync();

        await AssertNothingMoreAfterConfirmationAsync(first);
    }

    [Fact]
    public async Task RestSpecShapedStop_PascalDataWithoutPlus_StopsEveryLaterMessage()
    {
        var first = await FirstReminderAsync();
        var at = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var body = $$"""
            [{
              "id": "Incoming_e2e_{{Guid.NewGuid():N}}",
              "topic": "/subscriptions/s/resourcegroups/rg/providers/microsoft.communication/communicationservices/acs",
              "subject": "/phonenumber/{{Phone.TrimStart('+')}}",
              "data": {
                "MessageId": "Incoming_e2e_{{Guid.NewGuid():N}}",
                "From": "{{Phone.TrimStart('+')}}",
                "To": "{{senderId.TrimStart('+')}}",
                "Message": "Ｓｔｏｐ texting me 🙏",
                "ReceivedTimestamp": "{{at}}",
                "SegmentCount": 1
              },
              "eventType": "Microsoft.Communication.SMSReceived",
              "dataVersion": "1.0",
              "metadataVersion": "1",
              "eventTime": "{{at}}"
            }]
            """;
        using var client = new HttpClient { BaseAddress = pipeline.BaseUrl };
        client.DefaultRequestHeaders.Add("x-functions-key", pipeline.Options.SharedKey);

        var response = await client.PostAsync("api/" + PipelineNames.SmsEventsRoute, new StringContent(body, Encoding.UTF8, "application/json"));
        await pipeline.RunUntilQuietAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertNothingMoreAfterConfirmationAsync(first);
    }

    private async Task<string> FirstReminderAsync()
    {
        var csv = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" +
            $"LN-1,1,B-1,Li Na,{Phone},Asia/Shanghai,en,80.00,CNY,2026-11-23,true\r\n";
        await pipeline.Storage.Container(PipelineNames.SchedulesContainer).GetBlobClient($"{lenderId}/book.csv").UploadAsync(BinaryData.FromString(csv));
        await pipeline.Watcher.ScanOnceAsync(CancellationToken.None);
        await pipeline.ScanAsync();
        await pipeline.RunUntilQuietAsync();
        var first = Assert.Single(pipeline.Emulator!.Delivered, d => d.To == Phone);
        Assert.Contains("80.00", first.Text);
        return first.MessageId;
    }

    private async Task AssertNothingMoreAfterConfirmationAsync(string firstMessageId)
    {
        var confirmation = Assert.Single(pipeline.Emulator!.Delivered, d => d.To == Phone && d.MessageId != firstMessageId);
        Assert.DoesNotContain("80.00", confirmation.Text);

        // Three more days of hourly scans reach T-1 and T0; the opted-out borrower hears nothing more.
        for (var hour = 0; hour < 72; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await pipeline.ScanAsync();
            await pipeline.RunUntilQuietAsync();
        }

        Assert.Equal(2, pipeline.Emulator.Delivered.Count(d => d.To == Phone));
        var ledger = pipeline.Services.GetRequiredService<ISendLedger>();
        foreach (var stage in new[] { "T-1", "T0" })
        {
            var row = await ledger.GetAsync(lenderId, $"{lenderId}:LN-1:1:{stage}");
            Assert.Equal((SendState.Suppressed, "opted-out"), (row!.State, row.Reason));
        }
    }
}
