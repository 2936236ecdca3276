using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues.Models;
using Dunning.AcsEmulator;
using Dunning.Core;
using Dunning.Core.Eligibility;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Dunning.Core.Serialization;
using Dunning.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Functions.Tests;

/// <summary>
/// The real trigger classes, created by the real worker host's activator, called with what the Functions host
/// passes them (a blob's Stream, TimerInfo, a queue message's text and DequeueCount, an ASP.NET Core HttpRequest),
/// on Azurite and the ACS emulator.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionInvocationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Phone = "+8613912345678";
    private const string LenderKey = "functions-test-lender-key";
    private readonly string lenderId = "fn-" + Guid.NewGuid().ToString("N")[..10];
    private readonly string senderId = "+1800555" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // 09:30 in Shanghai on 20 Nov 2026: inside the send window; an installment due on the 23rd is at T-3.
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 20, 1, 30, 0, TimeSpan.Zero));
    private AcsEmulator.AcsEmulator emulator = null!;
    private IHost host = null!;

    public async Task InitializeAsync()
    {
        emulator = await AcsEmulator.AcsEmulator.StartAsync(new AcsEmulatorOptions { TimeProvider = time, AutoFlushInterval = null });
        host = AzureLikeWorkerHost.Build(
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)),
            new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Acs__ConnectionString"] = emulator.ConnectionString,
                ["Acs__SenderIds__0"] = senderId,
                ["Dunning__PhoneHashSecret"] = "functions-invocation-test-secret",
            });
        await host.Services.GetRequiredService<ILenderDirectory>().SaveAsync(LenderSettings.DefaultFor(lenderId) with
        {
            Brand = "Anxin",
            Hotline = "400-820-8820",
            SenderIds = [senderId],
            ApiKeyHashes = [LenderKeys.Hash(LenderKey)],
        });
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await emulator.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pipeline_ThroughTheFunctionClasses_SendsOnceAndRecordsTheDeliveryReport(bool reportCarriesOurTag)
    {
        var csv = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" +
            $"LN-1,1,B-1,Zhang Wei,{Phone},Asia/Shanghai,en,1200.50,CNY,2026-11-23,true\r\n";
        var blob = azurite.Storage.Container(PipelineNames.SchedulesContainer).GetBlobClient($"{lenderId}/book.csv");
        await blob.UploadAsync(BinaryData.FromString(csv));

        await using (var content = await blob.OpenReadAsync())
        {
            await Invoke<IngestSchedule>(f => f.RunAsync(content, lenderId, "book.csv", CancellationToken.None));
        }

        await Invoke<ScanDueInstallments>(f => f.RunAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None));
        var jobs = await ReceiveOwnAsync(PipelineNames.ReminderJobsQueue);
        Assert.NotEmpty(jobs);
        foreach (var job in jobs)
        {
            await Invoke<PersonalizeReminder>(f => f.RunAsync(job.MessageText, CancellationToken.None));
        }

        var outbox = Assert.Single(await ReceiveOwnAsync(PipelineNames.SmsOutboxQueue));
        Assert.Equal(1, outbox.DequeueCount);
        await Invoke<SendSms>(f => f.RunAsync(outbox.MessageText, outbox.DequeueCount, CancellationToken.None));
        await Invoke<SendSms>(f => f.RunAsync(outbox.MessageText, outbox.DequeueCount + 1, CancellationToken.None));

        var sms = Assert.Single(emulator.Delivered, d => d.To == Phone);
        // With our tag as the emulator sends it, or as the REST-spec CloudEvents sample: PascalCase data, no tag, so
        // only the message id the send recorded links the report to its row.
        var report = AcsEventPayloads.DeliveryReport(sms.MessageId, sms.From, sms.To, true, 1, sms.AcceptedAt, time.GetUtcNow(), reportCarriesOurTag ? sms.Tag : null);
        var body = reportCarriesOurTag ? new JsonArray(report).ToJsonString() : UntaggedPascalCloudEvent(report);
        var reply = await InvokeHttp<SmsEvents>("POST", body, (f, request) => f.RunAsync(request, CancellationToken.None));
        Assert.Equal(StatusCodes.Status200OK, reply.StatusCode);
        var record = await host.Services.GetRequiredService<ISendLedger>().GetAsync(lenderId, sms.Tag!);
        Assert.Equal(SendState.Delivered, record!.State);
    }

    [Fact]
    public async Task SendSms_PersonalizedBatchInOneQueueMessage_SendsEachJobOnceEvenWhenRedelivered()
    {
        string[] phones = ["+8613912345671", "+8613912345672", "+8613912345673"];
        var csv = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent\r\n" + string.Concat(
            phones.Select((phone, i) => $"LN-B{i},1,B-B{i},Li Na,{phone},Asia/Shanghai,zh,300.00,CNY,2026-11-23,true\r\n"));
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes(csv)))
        {
            await Invoke<IngestSchedule>(f => f.RunAsync(content, lenderId, "batch.csv", CancellationToken.None));
        }

        await Invoke<ScanDueInstallments>(f => f.RunAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None));
        foreach (var job in await ReceiveOwnAsync(PipelineNames.ReminderJobsQueue))
        {
            await Invoke<PersonalizeReminder>(f => f.RunAsync(job.MessageText, CancellationToken.None));
        }

        var outbox = Assert.Single(await ReceiveOwnAsync(PipelineNames.SmsOutboxQueue));
        Assert.Equal(3, OutboxEnvelope.Read(outbox.MessageText).Count);
        await Invoke<SendSms>(f => f.RunAsync(outbox.MessageText, 1, CancellationToken.None));
        await Invoke<SendSms>(f => f.RunAsync(outbox.MessageText, 2, CancellationToken.None));

        var delivered = emulator.Delivered.Where(d => phones.Contains(d.To)).ToList();
        Assert.Equal(phones.Order(), delivered.Select(d => d.To).Order());
        var ledger = host.Services.GetRequiredService<ISendLedger>();
        foreach (var sms in delivered)
        {
            Assert.Equal(SendState.Sent, (await ledger.GetAsync(lenderId, sms.Tag!))!.State);
        }
    }

    [Fact]
    public async Task SmsEvents_EventGridValidationHandshake_AnswersTheValidationCode()
    {
        var handshake = """
            [{"id":"v-1","topic":"t","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
              "eventTime":"2026-11-20T01:30:00Z","dataVersion":"1","data":{"validationCode":"code-512"}}]
            """;

        var reply = await InvokeHttp<SmsEvents>("POST", handshake, (f, request) => f.RunAsync(request, CancellationToken.None), ("aeg-event-type", "SubscriptionValidation"));

        Assert.Equal(StatusCodes.Status200OK, reply.StatusCode);
        Assert.Equal("code-512", JsonDocument.Parse(reply.Body).RootElement.GetProperty("validationResponse").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("""[{"eventType":"Microsoft.Communication.SMSReceived"}]""")]
    public async Task SmsEvents_MalformedBody_Answers400WithAReason(string body)
    {
        var reply = await InvokeHttp<SmsEvents>("POST", body, (f, request) => f.RunAsync(request, CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, reply.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(reply.Body).RootElement.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData(LenderKey, StatusCodes.Status200OK)]
    [InlineData("another-lenders-key", StatusCodes.Status403Forbidden)]
    [InlineData(null, StatusCodes.Status403Forbidden)]
    public async Task LenderRoutes_OpenOnlyWithTheLendersOwnKey(string? key, int expectedStatus)
    {
        (string, string)[] headers = key is null ? [] : [(LenderKeys.HeaderName, key)];

        var report = await InvokeHttp<LenderReport>("GET", null, (f, request) => f.RunAsync(request, lenderId, CancellationToken.None), headers);
        var followUps = await InvokeHttp<LenderFollowUps>("GET", null, (f, request) => f.RunAsync(request, lenderId, CancellationToken.None), headers);

        Assert.Equal(expectedStatus, report.StatusCode);
        Assert.Equal(expectedStatus, followUps.StatusCode);
    }

    [Fact]
    public async Task CloseLenderFollowUp_UnknownFollowUp_Answers404()
    {
        var reply = await InvokeHttp<CloseLenderFollowUp>(
            "POST", null, (f, request) => f.RunAsync(request, lenderId, "no-such-follow-up", CancellationToken.None), (LenderKeys.HeaderName, LenderKey));

        Assert.Equal(StatusCodes.Status404NotFound, reply.StatusCode);
    }

    [Fact]
    public async Task IngestPayments_PaymentsBlob_WritesItsResultBesideTheLender()
    {
        var csv = "loan_id,installment_no,amount_paid,paid_at\r\nLN-404,1,10.00,2026-11-19\r\n";
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(csv));

        await Invoke<IngestPayments>(f => f.RunAsync(content, lenderId, "paid.csv", CancellationToken.None));

        var summary = azurite.Storage.Container(PipelineNames.ResultsContainer).GetBlobClient($"{lenderId}/payments/paid.csv.summary.json");
        Assert.True((await summary.ExistsAsync()).Value);
    }

    [Fact]
    public async Task SendSmsPoison_MessageTheHostGaveUpOn_EndsFailedWithoutASend()
    {
        var message = Samples.Outbox($"{lenderId}:LN-7:1:T0") with { LenderId = lenderId, To = Phone };

        await Invoke<SendSmsPoison>(f => f.RunAsync(QueueJson.Serialize(message), CancellationToken.None));

        var record = await host.Services.GetRequiredService<ISendLedger>().GetAsync(lenderId, message.JobId);
        Assert.Equal((SendState.Failed, SuppressionReasons.Poison), (record!.State, record.Reason));
        Assert.DoesNotContain(emulator.Delivered, d => d.Tag == message.JobId);
    }

    [Fact]
    public async Task PersonalizeReminderPoison_BatchTheHostGaveUpOn_EndsEveryJobFailed()
    {
        var batch = new ReminderJobBatch([Samples.Job("LN-8", "T0") with { LenderId = lenderId }, Samples.Job("LN-9", "T+3") with { LenderId = lenderId }]);

        await Invoke<PersonalizeReminderPoison>(f => f.RunAsync(QueueJson.Serialize(batch), CancellationToken.None));

        var ledger = host.Services.GetRequiredService<ISendLedger>();
        foreach (var job in batch.Jobs)
        {
            var record = await ledger.GetAsync(lenderId, job.JobId);
            Assert.Equal((SendState.Failed, SuppressionReasons.Poison), (record!.State, record.Reason));
        }
    }

    [Theory]
    [InlineData(PipelineNames.SmsOutboxQueue)]
    [InlineData(PipelineNames.ReminderJobsQueue)]
    public async Task QueueFunction_MalformedMessage_ThrowsSoTheHostRetriesAndPoisons(string queue)
    {
        Task Run() => queue == PipelineNames.SmsOutboxQueue
            ? Invoke<SendSms>(f => f.RunAsync("{\"jobId\":", 1, CancellationToken.None))
            : Invoke<PersonalizeReminder>(f => f.RunAsync("{\"jobs\":", CancellationToken.None));

        await Assert.ThrowsAnyAsync<JsonException>(Run);
    }

    /// <summary>One invocation: a fresh scope and the worker's activator, as the worker runs each trigger.</summary>
    private async Task Invoke<TFunction>(Func<TFunction, Task> run)
    {
        using var invocation = host.Services.CreateScope();
        await run((TFunction)AzureLikeWorkerHost.Activate(invocation.ServiceProvider, typeof(TFunction)));
    }

    private static string UntaggedPascalCloudEvent(JsonObject eventGridEvent) => new JsonObject
    {
        ["source"] = eventGridEvent["topic"]!.DeepClone(),
        ["subject"] = eventGridEvent["subject"]!.DeepClone(),
        ["type"] = eventGridEvent["eventType"]!.DeepClone(),
        ["time"] = eventGridEvent["eventTime"]!.DeepClone(),
        ["id"] = eventGridEvent["id"]!.DeepClone(),
        ["data"] = new JsonObject(eventGridEvent["data"]!.AsObject().Select(p => KeyValuePair.Create(char.ToUpperInvariant(p.Key[0]) + p.Key[1..], p.Value?.DeepClone()))),
        ["specversion"] = "1.0",
    }.ToJsonString();

    /// <summary>An HTTP invocation through ASP.NET Core's request, with the returned IResult written to a response.</summary>
    private async Task<WrittenResponse> InvokeHttp<TFunction>(
        string method, string? body, Func<TFunction, HttpRequest, Task<IResult>> run, params (string Name, string Value)[] headers)
    {
        using var invocation = host.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = invocation.ServiceProvider };
        context.Request.Method = method;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        var function = (TFunction)AzureLikeWorkerHost.Activate(invocation.ServiceProvider, typeof(TFunction));
        return await HttpResults.ExecuteAsync(await run(function, context.Request));
    }

    /// <summary>This test's messages on a queue, received as the host receives them (text and dequeue count) and removed.</summary>
    private async Task<IReadOnlyList<QueueMessage>> ReceiveOwnAsync(string queueName)
    {
        var queue = azurite.Storage.Queue(queueName);
        var own = new List<QueueMessage>();
        QueueMessage[] received;
        do
        {
            received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            foreach (var message in received)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                if (message.MessageText.Contains(lenderId, StringComparison.Ordinal))
                {
                    own.Add(message);
                }
            }
        }
        while (received.Length > 0);

        return own;
    }
}
