using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dunning.AcsEmulator;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Sms.Tests;

/// <summary>
/// The emulator refuses what ACS refuses (the 2021-03-07 SMS API: a repeatability id needs its first-sent time,
/// smsSendOptions needs enableDeliveryReport, from must be a sender ACS could own), and our client never sends any of it.
/// </summary>
public sealed class AcsEmulatorRefusalTests : IAsyncLifetime
{
    private const string From = "+18005550100";
    private const string To = "+8613800138000";
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly string FirstSent = Now.ToString("r", System.Globalization.CultureInfo.InvariantCulture);

    private readonly FakeTimeProvider clock = new(Now);
    private readonly HttpClient http = new();
    private AcsEmulator.AcsEmulator emulator = null!;

    public async Task InitializeAsync() =>
        emulator = await AcsEmulator.AcsEmulator.StartAsync(new AcsEmulatorOptions { TimeProvider = clock, AcceptBearerTokens = true, AutoFlushInterval = null });

    public async Task DisposeAsync()
    {
        http.Dispose();
        await emulator.DisposeAsync();
    }

    [Fact]
    public async Task Send_WellFormedRequest_IsAccepted()
    {
        // The control for the refusals below: the same builder, nothing left out.
        var (status, body) = await PostAsync(Request());

        Assert.Equal(202, status);
        var item = Assert.Single(body!["value"]!.AsArray())!;
        Assert.True(item["successful"]!.GetValue<bool>());
        Assert.Equal("accepted", item["repeatabilityResult"]!.GetValue<string>());
        Assert.Single(emulator.Delivered);
    }

    [Fact]
    public async Task Send_RepeatabilityIdWithoutFirstSent_RecipientRejectedWith400AndNothingSent()
    {
        var request = Request();
        request["smsRecipients"]![0]!.AsObject().Remove("repeatabilityFirstSent");

        var (status, body) = await PostAsync(request);

        Assert.Equal(202, status);
        var item = Assert.Single(body!["value"]!.AsArray())!;
        Assert.Equal(400, item["httpStatusCode"]!.GetValue<int>());
        Assert.False(item["successful"]!.GetValue<bool>());
        Assert.Equal("rejected", item["repeatabilityResult"]!.GetValue<string>());
        Assert.Null(item["messageId"]);
        Assert.Contains("repeatabilityFirstSent", item["errorMessage"]!.GetValue<string>());
        Assert.Empty(emulator.Delivered);
    }

    [Theory]
    [InlineData("repeatabilityRequestId", "job-7")]
    [InlineData("repeatabilityFirstSent", "2025-03-10T02:00:00Z")]
    public async Task Send_MalformedRepeatabilityPair_RecipientRejectedWith400(string field, string value)
    {
        var request = Request();
        request["smsRecipients"]![0]![field] = value;

        var (_, body) = await PostAsync(request);

        var item = Assert.Single(body!["value"]!.AsArray())!;
        Assert.Equal((400, "rejected"), (item["httpStatusCode"]!.GetValue<int>(), item["repeatabilityResult"]!.GetValue<string>()));
        Assert.Empty(emulator.Delivered);
    }

    [Theory]
    [InlineData("18005550100x")]
    [InlineData("+1 800 555 0100")]
    [InlineData("+")]
    [InlineData("12")]
    [InlineData("ACME LOANS LTD")]
    [InlineData("acme!")]
    public async Task Send_MalformedFrom_Returns400AndNothingSent(string from)
    {
        var (status, body) = await PostAsync(Request(from: from));

        Assert.Equal(400, status);
        Assert.Contains("from", body!["error"]!["message"]!.GetValue<string>());
        Assert.Empty(emulator.Delivered);
    }

    [Theory]
    [InlineData("+18005550100")]
    [InlineData("12345")]
    [InlineData("ACME")]
    [InlineData("Acme Loans")]
    public async Task Send_SenderAcsCouldOwn_IsAccepted(string from)
    {
        var (status, _) = await PostAsync(Request(from: from));

        Assert.Equal(202, status);
    }

    [Theory]
    [InlineData("""{ "tag": "job-1" }""")]
    [InlineData("""{ }""")]
    [InlineData("""{ "enableDeliveryReport": "true" }""")]
    [InlineData("""{ "enableDeliveryReport": null, "tag": "job-1" }""")]
    public async Task Send_SendOptionsWithoutEnableDeliveryReport_Returns400AndNothingSent(string sendOptions)
    {
        var request = Request();
        request["smsSendOptions"] = JsonNode.Parse(sendOptions);

        var (status, body) = await PostAsync(request);

        Assert.Equal(400, status);
        Assert.Contains("enableDeliveryReport", body!["error"]!["message"]!.GetValue<string>());
        Assert.Empty(emulator.Delivered);
    }

    [Fact]
    public async Task Send_NoSendOptionsAtAll_IsAcceptedWithoutAReport()
    {
        var request = Request();
        request.Remove("smsSendOptions");

        var (status, _) = await PostAsync(request);

        Assert.Equal(202, status);
        Assert.Single(emulator.Delivered);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task SmsClient_EveryShapeItSends_IsAcceptedByTheStricterEmulator(bool withOptions, bool enableReport)
    {
        var client = new SmsClient(emulator.ConnectionString, new SmsClientOptions { TimeProvider = clock });
        var options = withOptions ? new SmsSendOptions(enableReport) { Tag = enableReport ? "acme:L1:1:T-3" : null } : null;

        var result = await client.SendAsync(From, new SmsRecipient(To, Guid.NewGuid(), Now.AddMinutes(-3)), "【Acme】reminder", options);

        Assert.True(result.Value.Successful, result.Value.ErrorMessage);
        Assert.Equal("accepted", result.Value.RepeatabilityResult);
    }

    [Theory]
    [InlineData("+1 800 555 0100")]
    [InlineData("acme!")]
    public async Task SmsClient_MalformedFrom_RefusedBeforeAnyCall(string from)
    {
        var client = new SmsClient(emulator.ConnectionString, new SmsClientOptions { TimeProvider = clock });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(from, new SmsRecipient(To, Guid.NewGuid(), Now), "hi"));

        Assert.Equal("from", error.ParamName);
        Assert.Empty(emulator.Delivered);
    }

    private static JsonObject Request(string from = From) => new()
    {
        ["from"] = from,
        ["smsRecipients"] = new JsonArray(new JsonObject
        {
            ["to"] = To,
            ["repeatabilityRequestId"] = Guid.NewGuid().ToString("D"),
            ["repeatabilityFirstSent"] = FirstSent,
        }),
        ["message"] = "【Acme】reminder",
        ["smsSendOptions"] = new JsonObject { ["enableDeliveryReport"] = true, ["tag"] = "acme:L1:1:T-3" },
    };

    private async Task<(int Status, JsonNode? Body)> PostAsync(JsonObject request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Endpoint, "sms?api-version=2021-03-07"))
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
