using System.Text;
using Dunning.Core.Lenders;
using Dunning.Core.Reports;
using Dunning.Core.Schedules;
using Dunning.Core.Tests.Events.Fakes;

namespace Dunning.Core.Tests.Reports;

public sealed class LenderUploadHandlerTests
{
    private sealed class FakeUploads : ILenderUploadStore
    {
        public Dictionary<string, string> Saved { get; } = [];
        public Dictionary<string, (string Summary, string Errors)> Results { get; } = [];

        public async Task SaveAsync(string container, string lenderId, string fileName, Stream content, CancellationToken cancellationToken = default)
        {
            using var reader = new StreamReader(content);
            Saved[$"{container}/{lenderId}/{fileName}"] = await reader.ReadToEndAsync(cancellationToken);
        }

        public Task<(string? SummaryJson, string? ErrorsCsv)> ReadResultAsync(string lenderId, string kind, string fileName, CancellationToken cancellationToken = default) =>
            Task.FromResult<(string?, string?)>(Results.TryGetValue($"{lenderId}/{kind}/{fileName}", out var r) ? (r.Summary, r.Errors) : (null, null));
    }

    private static Stream Csv(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Upload_LandsUnderTheRoutesLenderWithATimeStampedName()
    {
        var h = new EventsHarness();
        var uploads = new FakeUploads();

        var reply = await new LenderUploadHandler(h.NewGate(), uploads, h.Time).UploadAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "schedules", "march.csv", Csv("loan_id\r\n"));

        Assert.Equal(202, reply.StatusCode);
        var stored = Assert.Single(uploads.Saved).Key;
        Assert.Equal("schedules/acme-loans/20261204-020000-march.csv", stored);
        Assert.Equal("20261204-020000-march.csv", EventsHarness.Json(reply).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("schedules", "../other-lender/x.csv", 400)]
    [InlineData("schedules", "report.xlsx", 400)]
    [InlineData("config", "settings.csv", 404)]
    public async Task Upload_AnUnsafeNameOrAnotherContainer_IsRefusedAndStoresNothing(string kind, string name, int status)
    {
        var h = new EventsHarness();
        var uploads = new FakeUploads();

        var reply = await new LenderUploadHandler(h.NewGate(), uploads, h.Time).UploadAsync(EventsHarness.LenderId, EventsHarness.LenderKey, kind, name, Csv("x"));

        Assert.Equal(status, reply.StatusCode);
        Assert.Empty(uploads.Saved);
    }

    [Fact]
    public async Task Result_IsPendingUntilWritten_ThenHasTheCountsAndErrorLines_AndAnotherLendersKeySeesOnlyItsOwn()
    {
        var h = new EventsHarness();
        await h.Lenders.SaveAsync(LenderSettings.DefaultFor("other-lender") with { ApiKeyHashes = [LenderKeys.Hash("other-key")] });
        var uploads = new FakeUploads();
        var handler = new LenderUploadHandler(h.NewGate(), uploads, h.Time);
        const string Name = "20261204-020000-march.csv";
        var pending = await handler.GetResultAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "schedules", Name);
        uploads.Results[$"{EventsHarness.LenderId}/schedule/{Name}"] = ("{\"rowsRead\":2,\"stored\":1,\"rejected\":1}", "line,column,reason\r\n3,phone,\"not a valid mobile number, check it\"\r\n");

        var ready = await handler.GetResultAsync(EventsHarness.LenderId, EventsHarness.LenderKey, "schedules", Name);
        var otherLender = await handler.GetResultAsync("other-lender", "other-key", "schedules", Name);

        Assert.Equal(202, pending.StatusCode);
        Assert.Equal(200, ready.StatusCode);
        var error = Assert.Single(EventsHarness.Json(ready).GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "phone", "not a valid mobile number, check it"), (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetString(), error.GetProperty("reason").GetString()));
        Assert.Equal(1, EventsHarness.Json(ready).GetProperty("summary").GetProperty("rejected").GetInt32());
        Assert.Equal((202, pending.JsonBody!.Replace(EventsHarness.LenderId, "x", StringComparison.Ordinal)), (otherLender.StatusCode, otherLender.JsonBody!.Replace("other-lender", "x", StringComparison.Ordinal)));
    }

    [Fact]
    public void ReadErrors_QuotedCellsWithCommasQuotesAndNewlines_ComeBackWhole()
    {
        var errors = LenderUploadHandler.ReadErrors("line,column,reason\r\n7,borrower_name,\"say \"\"hi\"\", then\r\nmore\"\r\n9,phone,short\r\n");

        Assert.Equal([new CsvRowError(7, "borrower_name", "say \"hi\", then\r\nmore"), new CsvRowError(9, "phone", "short")], errors);
    }
}
