using System.Text;
using Dunning.Core.Lenders;
using Dunning.Core.Reports;
using Dunning.Core.Schedules;
using Dunning.Core.Tests.Events.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Dunning.Core.Tests.Reports;

public sealed class LenderSettingsConsoleHandlerTests
{
    private static (LenderSettingsConsoleHandler Handler, Mock<ILenderUploadStore> Blobs) Settings(EventsHarness h)
    {
        var results = new Mock<IIngestResultStore>();
        results.Setup(r => r.WriteAsync(It.IsAny<IngestResult>(), It.IsAny<CancellationToken>())).ReturnsAsync(("r.csv", "r.json"));
        var blobs = new Mock<ILenderUploadStore>();
        var ingest = new IngestLenderSettingsHandler(h.Lenders, results.Object, NullLogger<IngestLenderSettingsHandler>.Instance);
        return (new LenderSettingsConsoleHandler(h.NewGate(), h.Lenders, blobs.Object, ingest), blobs);
    }

    private static Stream Body(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Get_ShowsTheDocumentInForceAndTheKeyCount_NeverAKeyHash()
    {
        var h = new EventsHarness();

        var reply = await Settings(h).Handler.GetAsync(EventsHarness.LenderId, EventsHarness.LenderKey);

        var json = EventsHarness.Json(reply);
        Assert.Contains("安心贷", json.GetProperty("document").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("keys").GetInt32());
        Assert.DoesNotContain(LenderKeys.Hash(EventsHarness.LenderKey), reply.JsonBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_ARefusedDocument_Is422WithTheFieldsReason_AndChangesNothing()
    {
        var h = new EventsHarness();
        var (handler, blobs) = Settings(h);

        var reply = await handler.SaveAsync(EventsHarness.LenderId, EventsHarness.LenderKey, Body("""{ "brand": "安心贷", "hotline": "400-123-4567", "maxMessagesPerDay": 40 }"""));

        Assert.Equal(422, reply.StatusCode);
        Assert.Contains(EventsHarness.Json(reply).GetProperty("problems").EnumerateArray(), p => p.GetProperty("field").GetString() == "maxMessagesPerDay");
        Assert.Equal(1, (await h.Lenders.FindAsync(EventsHarness.LenderId))!.MaxMessagesPerDay);
        blobs.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Save_AnAcceptedDocument_IsAppliedKeepsTheKeysAndLandsInTheConfigContainer()
    {
        var h = new EventsHarness();
        var (handler, blobs) = Settings(h);
        var document = EventsHarness.Json(await handler.GetAsync(EventsHarness.LenderId, EventsHarness.LenderKey)).GetProperty("document").GetString()!
            .Replace("400-123-4567", "400-999-0000", StringComparison.Ordinal);

        var reply = await handler.SaveAsync(EventsHarness.LenderId, EventsHarness.LenderKey, Body(document));

        Assert.Equal(200, reply.StatusCode);
        var saved = (await h.Lenders.FindAsync(EventsHarness.LenderId))!;
        Assert.Equal("400-999-0000", saved.Hotline);
        Assert.True(LenderKeys.Admits(saved, EventsHarness.LenderKey));
        blobs.Verify(b => b.SaveAsync(PipelineNames.ConfigContainer, EventsHarness.LenderId, "settings.json", It.IsAny<Stream>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RotateKey_ReturnsANewKeyOnce_AndTheOldOneStopsWorking()
    {
        var h = new EventsHarness();
        var (handler, _) = Settings(h);

        var reply = await handler.RotateKeyAsync(EventsHarness.LenderId, EventsHarness.LenderKey);
        var key = EventsHarness.Json(reply).GetProperty("key").GetString()!;

        Assert.Equal(403, (await handler.GetAsync(EventsHarness.LenderId, EventsHarness.LenderKey)).StatusCode);
        Assert.Equal(200, (await handler.GetAsync(EventsHarness.LenderId, key)).StatusCode);
        Assert.Equal(48, key.Length);
    }
}
