using System.Security.Cryptography;
using Azure;
using Dunning.AcsEmulator;
using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Sms.Tests;

public sealed class SmsClientEmulatorTests : IAsyncLifetime
{
    private const string From = "+18005550100";
    private const string To = "+8613800138000";
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Now);
    private readonly AcsEmulatorOptions emulatorOptions;
    private AcsEmulator.AcsEmulator emulator = null!;
    private WebhookReceiver webhook = null!;

    public SmsClientEmulatorTests()
    {
        emulatorOptions = new AcsEmulatorOptions
        {
            TimeProvider = clock,
            AcceptBearerTokens = true,
            AutoFlushInterval = null,
            DeliveryReportDelay = TimeSpan.FromSeconds(10),
            RejectedNumbers = new HashSet<string> { "+15550000400" },
            UndeliverableNumbers = new HashSet<string> { "+15550000999" },
            FunctionsKey = "function-key",
            ThrottleRetryAfter = TimeSpan.FromSeconds(3),
        };
    }

    public async Task InitializeAsync()
    {
        webhook = await WebhookReceiver.StartAsync();
        emulatorOptions.WebhookUrl = webhook.Url;
        emulator = await AcsEmulator.AcsEmulator.StartAsync(emulatorOptions);
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        await webhook.DisposeAsync();
    }

    private SmsClientOptions ClientOptions(TimeProvider? clientClock = null)
    {
        var options = new SmsClientOptions { TimeProvider = clientClock ?? clock };
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        return options;
    }

    private static SmsRecipient Recipient(string to = To) => new(to, Guid.NewGuid(), Now);

    private AcsSmsSender Sender(SmsClient client) =>
        new(client, Permits(SenderPermit.Yes).Object, clock, NullLogger<AcsSmsSender>.Instance);

    /// <summary>The limiter's answers in order; one answer is given every time.</summary>
    private static Mock<ISenderPermits> Permits(params SenderPermit[] answers)
    {
        var permits = new Mock<ISenderPermits>(MockBehavior.Strict);
        if (answers.Length == 1)
        {
            permits.Setup(p => p.TryAcquireAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(answers[0]);
            return permits;
        }

        var sequence = permits.SetupSequence(p => p.TryAcquireAsync(From, It.IsAny<CancellationToken>()));
        foreach (var answer in answers)
        {
            sequence = sequence.ReturnsAsync(answer);
        }

        return permits;
    }

    private static SmsSendRequest Request(string jobId = "acme:L1:1:T-3", string to = To) =>
        new(From, to, "【Acme】reminder", RepeatabilityId.For(jobId), Now, jobId);

    [Fact]
    public async Task SendAsync_HmacSigned_AcceptedAndRecorded()
    {
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());

        var response = await client.SendAsync(From, Recipient(), "hello", new SmsSendOptions { Tag = "job-1" });

        Assert.Equal(202, response.GetRawResponse().Status);
        Assert.True(response.Value.Successful);
        var delivered = Assert.Single(emulator.Delivered);
        Assert.Equal(response.Value.MessageId, delivered.MessageId);
        Assert.Equal(("hello", "job-1", To), (delivered.Text, delivered.Tag, delivered.To));
    }

    [Fact]
    public async Task SendAsync_WrongKey_Unauthorized()
    {
        var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var client = new SmsClient($"endpoint={emulator.Endpoint};accesskey={wrongKey}", ClientOptions());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.SendAsync(From, Recipient(), "hello"));

        Assert.Equal(401, error.Status);
        Assert.Empty(emulator.Delivered);
    }

    [Fact]
    public async Task SendAsync_ClockSkewOverFifteenMinutes_Unauthorized()
    {
        var client = new SmsClient(emulator.ConnectionString, ClientOptions(new FakeTimeProvider(Now.AddMinutes(-16))));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.SendAsync(From, Recipient(), "hello"));

        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task SendAsync_ClockSkewWithinFifteenMinutes_Accepted()
    {
        var client = new SmsClient(emulator.ConnectionString, ClientOptions(new FakeTimeProvider(Now.AddMinutes(-14))));

        var response = await client.SendAsync(From, Recipient(), "hello");

        Assert.True(response.Value.Successful);
    }

    [Fact]
    public async Task SendAsync_EntraToken_SentAsBearerForCommunicationScope()
    {
        var credential = new FakeTokenCredential();
        var client = new SmsClient(emulator.Endpoint, credential, ClientOptions());

        var response = await client.SendAsync(From, Recipient(), "hello");

        Assert.True(response.Value.Successful);
        Assert.Equal(["https://communication.azure.com//.default"], Assert.Single(credential.RequestedScopes));
    }

    [Fact]
    public async Task SendAsync_RejectedRecipient_PerRecipientFailureAndPermanentStatus()
    {
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());

        var response = await client.SendAsync(From, [Recipient("+15550000400"), Recipient()], "hello");
        var result = await Sender(client).SendAsync(Request(to: "+15550000400"));

        Assert.Equal(202, response.GetRawResponse().Status);
        Assert.Equal([false, true], response.Value.Select(r => r.Successful));
        Assert.Equal(400, response.Value[0].HttpStatusCode);
        Assert.Null(response.Value[0].MessageId);
        Assert.Equal(SmsSendStatus.Permanent, result.Status);
        Assert.Equal("acs-400", result.ErrorCode);
        Assert.Single(emulator.Delivered);
    }

    [Fact]
    public async Task SendAsync_Throttled_NotRetriedAndRetryAfterSurfaced()
    {
        emulatorOptions.ThrottleFraction = 1;
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());

        var result = await Sender(client).SendAsync(Request());

        Assert.Equal(SmsSendStatus.Throttled, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), result.RetryAfter);
        Assert.Equal(1, emulator.ThrottledCount);
        Assert.Empty(emulator.Delivered);
    }

    [Fact]
    public async Task SendAsync_ServerErrorThenSuccess_RetriedByPipelineWithOneDelivery()
    {
        emulator.FailNext(2, 500);
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());

        var result = await Sender(client).SendAsync(Request());

        Assert.Equal(SmsSendStatus.Accepted, result.Status);
        Assert.Equal(2, emulator.ServerErrorCount);
        Assert.Equal(result.MessageId, Assert.Single(emulator.Delivered).MessageId);
    }

    [Fact]
    public async Task SendAsync_ResponseLost_RetryGetsTheSameMessageAndOneDelivery()
    {
        emulator.FailNext(1, 0);
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());

        var result = await Sender(client).SendAsync(Request());

        Assert.Equal(SmsSendStatus.Accepted, result.Status);
        Assert.Equal(1, emulator.LostResponseCount);
        Assert.Equal(result.MessageId, Assert.Single(emulator.Delivered).MessageId);
    }

    [Fact]
    public async Task SendAsync_SameRepeatabilityIdTwice_DeliveredOnceWithSameMessageId()
    {
        var sender = Sender(new SmsClient(emulator.ConnectionString, ClientOptions()));

        var first = await sender.SendAsync(Request());
        var second = await sender.SendAsync(Request());

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Single(emulator.Delivered);
    }

    [Fact]
    public async Task SendAsync_ServerErrorsExhaustRetries_Transient()
    {
        emulator.FailNext(10, 503);
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());

        var result = await Sender(client).SendAsync(Request());

        Assert.Equal(SmsSendStatus.Transient, result.Status);
        Assert.Equal(4, emulator.ServerErrorCount);
        Assert.Empty(emulator.Delivered);
    }

    [Fact]
    public async Task SendAsync_SenderOverItsRateLimit_ThrottledLocallyWithoutCallingAcs()
    {
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());
        var sender = new AcsSmsSender(client, Permits(SenderPermit.Yes, new SenderPermit(false, TimeSpan.FromSeconds(7))).Object, clock, NullLogger<AcsSmsSender>.Instance);

        var first = await sender.SendAsync(Request("acme:L1:1:T-3"));
        var second = await sender.SendAsync(Request("acme:L2:1:T-3"));

        Assert.Equal(SmsSendStatus.Accepted, first.Status);
        Assert.Equal(SmsSendStatus.Throttled, second.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), second.RetryAfter);
        Assert.False(second.Attempted);
        Assert.True(first.Attempted);
        Assert.Single(emulator.Delivered);
    }

    [Fact]
    public async Task SendAsync_MessageTooLong_BadRequest()
    {
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.SendAsync(From, Recipient(), new string('x', 2049)));

        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task FlushDueReportsAsync_AfterDelay_PostsEventGridDeliveryReports()
    {
        var client = new SmsClient(emulator.ConnectionString, ClientOptions());
        var ok = await client.SendAsync(From, Recipient(), "hello", new SmsSendOptions { Tag = "job-ok" });
        var bad = await client.SendAsync(From, Recipient("+15550000999"), "hello", new SmsSendOptions { Tag = "job-bad" });

        var early = await emulator.FlushDueReportsAsync();
        clock.Advance(TimeSpan.FromSeconds(10));
        var due = await emulator.FlushDueReportsAsync();

        Assert.Equal(0, early);
        Assert.Equal(2, due);
        var events = webhook.Posts.SelectMany(p => p.Events).Select(e => e!.AsObject()).ToList();
        Assert.All(webhook.Posts, p => Assert.Equal("Notification", p.Headers["aeg-event-type"].ToString()));
        Assert.All(webhook.Posts, p => Assert.Equal("function-key", p.Headers["x-functions-key"].ToString()));
        Assert.All(events, e => Assert.Equal("Microsoft.Communication.SMSDeliveryReportReceived", e["eventType"]!.GetValue<string>()));
        var okData = events.Single(e => e["data"]!["tag"]!.GetValue<string>() == "job-ok")["data"]!;
        var badData = events.Single(e => e["data"]!["tag"]!.GetValue<string>() == "job-bad")["data"]!;
        Assert.Equal(ok.Value.MessageId, okData["messageId"]!.GetValue<string>());
        Assert.Equal("Delivered", okData["deliveryStatus"]!.GetValue<string>());
        Assert.Equal(1, okData["deliveryAttempts"]![0]!["segmentsSucceeded"]!.GetValue<int>());
        Assert.Equal(bad.Value.MessageId, badData["messageId"]!.GetValue<string>());
        Assert.Equal("Failed", badData["deliveryStatus"]!.GetValue<string>());
        Assert.Equal(From, okData["from"]!.GetValue<string>());
    }

    /// <summary>An emulator whose webhook posts give up after 200 ms, reports due at once, flushed only on request.</summary>
    private Task<AcsEmulator.AcsEmulator> StartBehindSlowWebhookAsync(WebhookReceiver slowWebhook) =>
        AcsEmulator.AcsEmulator.StartAsync(new AcsEmulatorOptions
        {
            TimeProvider = clock,
            AutoFlushInterval = null,
            DeliveryReportDelay = TimeSpan.Zero,
            WebhookUrl = slowWebhook.Url,
            WebhookTimeout = TimeSpan.FromMilliseconds(200),
        });

    [Fact]
    public async Task FlushDueReportsAsync_WebhookTooSlowOnce_KeepsTheReportAndPostsItOnTheNextFlush()
    {
        await using var slowWebhook = await WebhookReceiver.StartAsync();
        slowWebhook.FirstPostDelay = TimeSpan.FromSeconds(5);
        await using var slowEmulator = await StartBehindSlowWebhookAsync(slowWebhook);
        var client = new SmsClient(slowEmulator.ConnectionString, ClientOptions());
        await client.SendAsync(From, Recipient(), "hello", new SmsSendOptions { Tag = "job-slow" });

        var first = await slowEmulator.FlushDueReportsAsync();
        var second = await slowEmulator.FlushDueReportsAsync();

        Assert.Equal((0, 1), (first, second));
        var report = Assert.Single(slowWebhook.Posts.SelectMany(p => p.Events));
        Assert.Equal("job-slow", report!["data"]!["tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostInboundSmsAsync_WebhookTooSlowOnce_IsRetriedAsEventGridWould()
    {
        await using var slowWebhook = await WebhookReceiver.StartAsync();
        slowWebhook.FirstPostDelay = TimeSpan.FromSeconds(5);
        await using var slowEmulator = await StartBehindSlowWebhookAsync(slowWebhook);

        var messageId = await slowEmulator.PostInboundSmsAsync(To, From, "STOP");

        var received = Assert.Single(slowWebhook.Posts.SelectMany(p => p.Events));
        Assert.Equal(messageId, received!["data"]!["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostInboundSmsAsync_PostsSmsReceivedEvent()
    {
        var messageId = await emulator.PostInboundSmsAsync(To, From, "退订");

        var (events, _) = Assert.Single(webhook.Posts);
        var received = Assert.Single(events)!.AsObject();
        Assert.Equal("Microsoft.Communication.SMSReceived", received["eventType"]!.GetValue<string>());
        Assert.Equal(messageId, received["data"]!["messageId"]!.GetValue<string>());
        Assert.Equal("退订", received["data"]!["message"]!.GetValue<string>());
        Assert.Equal(To, received["data"]!["from"]!.GetValue<string>());
        Assert.Equal(From, received["data"]!["to"]!.GetValue<string>());
    }
}
