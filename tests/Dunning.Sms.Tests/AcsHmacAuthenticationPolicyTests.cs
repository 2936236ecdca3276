using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Sms.Tests;

public sealed class AcsHmacAuthenticationPolicyTests
{
    // A fixed key, clock and body: the expected signature below is computed here with HMACSHA256 directly.
    private const string AccessKey = "c2VjcmV0LWtleS1mb3ItdGhlLWhtYWMtdGVzdC12ZWN0b3I=";
    private static readonly DateTimeOffset SignedAt = new(2025, 4, 1, 6, 22, 3, TimeSpan.Zero);

    [Fact]
    public async Task Process_SignsDateHostAndContentHashLikeAcs()
    {
        var handler = new CapturingHandler();
        var pipeline = new HttpPipeline(new HttpClientTransport(new HttpClient(handler)), [new AcsHmacAuthenticationPolicy(AccessKey, new FakeTimeProvider(SignedAt))]);
        const string body = """{"from":"+18005550100","message":"hi"}""";
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri("https://contoso.communication.azure.com/sms?api-version=2026-01-23"));
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));

        await pipeline.SendAsync(message, CancellationToken.None);

        var request = Assert.Single(handler.Requests).Request;
        const string expectedDate = "Tue, 01 Apr 2025 06:22:03 GMT";
        var expectedHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var stringToSign = $"POST\n/sms?api-version=2026-01-23\n{expectedDate};contoso.communication.azure.com;{expectedHash}";
        using var hmac = new HMACSHA256(Convert.FromBase64String(AccessKey));
        var expectedSignature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));

        Assert.Equal(expectedDate, request.Headers.GetValues("x-ms-date").Single());
        Assert.Equal(expectedHash, request.Headers.GetValues("x-ms-content-sha256").Single());
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expectedSignature}", request.Headers.Authorization?.ToString());
    }

    [Fact]
    public async Task SendAsync_WritesTheDocumentedRequestShape()
    {
        var handler = new CapturingHandler();
        var options = new SmsClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)), TimeProvider = new FakeTimeProvider(SignedAt) };
        var client = new SmsClient($"endpoint=https://contoso.communication.azure.com/;accesskey={AccessKey}", options);
        var id = Guid.Parse("fda6d242-46aa-4247-8bf6-619a1206f9c3");

        var response = await client.SendAsync(
            "+18005550100", new SmsRecipient("+15550001111", id, SignedAt), "Hello", new SmsSendOptions(true) { Tag = "job-1" });

        Assert.True(response.Value.Successful);
        var (request, bytes) = Assert.Single(handler.Requests);
        Assert.Equal("https://contoso.communication.azure.com/sms?api-version=2026-01-23", request.RequestUri!.ToString());
        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        Assert.Equal("+18005550100", root.GetProperty("from").GetString());
        Assert.Equal("Hello", root.GetProperty("message").GetString());
        var recipient = Assert.Single(root.GetProperty("smsRecipients").EnumerateArray());
        Assert.Equal("+15550001111", recipient.GetProperty("to").GetString());
        Assert.Equal(id.ToString(), recipient.GetProperty("repeatabilityRequestId").GetString());
        Assert.Equal("Tue, 01 Apr 2025 06:22:03 GMT", recipient.GetProperty("repeatabilityFirstSent").GetString());
        Assert.True(root.GetProperty("smsSendOptions").GetProperty("enableDeliveryReport").GetBoolean());
        Assert.Equal("job-1", root.GetProperty("smsSendOptions").GetProperty("tag").GetString());
    }

    [Fact]
    public void Constructor_PlainHttpOffLoopback_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new SmsClient($"endpoint=http://contoso.communication.azure.com/;accesskey={AccessKey}"));
    }
}
