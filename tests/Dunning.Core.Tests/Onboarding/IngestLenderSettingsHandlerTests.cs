using System.Text;
using Dunning.Core.Lenders;
using Dunning.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dunning.Core.Tests.Onboarding;

public sealed class IngestLenderSettingsHandlerTests
{
    private const string Good = """{ "region": "US", "brand": "Acme", "hotline": "(212) 736-5000", "maxMessagesPer7Days": 5 }""";

    private readonly InMemoryLenderDirectory lenders = new();
    private readonly RecordingResultStore results = new();

    private Task<IngestSummary> Upload(string lenderId, string json) =>
        new IngestLenderSettingsHandler(lenders, results, NullLogger<IngestLenderSettingsHandler>.Instance)
            .HandleAsync(lenderId, new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task HandleAsync_FirstGoodDocument_RegistersTheLenderAndReportsItStored()
    {
        var summary = await Upload("acme", Good);

        Assert.Equal((1, 0, null), (summary.Stored, summary.Rejected, summary.FileError));
        Assert.Equal(5, (await lenders.FindAsync("acme"))!.MaxMessagesPer7Days);
        Assert.Equal(("settings", "settings.json"), (results.Last.Kind, results.Last.FileName));
    }

    [Fact]
    public async Task HandleAsync_RefusedDocument_KeepsTheLastGoodSettingsAndReportsEveryProblem()
    {
        await Upload("acme", Good);
        await lenders.SaveAsync((await lenders.FindAsync("acme"))! with { ApiKeyHashes = ["hash"] });

        var summary = await Upload("acme", """{ "region": "US", "brand": "Acme", "hotline": "(212) 736-5000", "maxMessagesPer7Days": 9, "timeZone": "Nowhere" }""");

        Assert.Equal((0, 1), (summary.Stored, summary.Rejected));
        Assert.Contains("last good settings stay in force", summary.FileError, StringComparison.Ordinal);
        Assert.Equal(["maxMessagesPer7Days", "timeZone"], results.Last.Errors.Select(e => e.Column).Order());
        var kept = (await lenders.FindAsync("acme"))!;
        Assert.Equal(5, kept.MaxMessagesPer7Days);
        Assert.Equal(["hash"], kept.ApiKeyHashes);
    }

    [Fact]
    public async Task HandleAsync_SameDocumentAgain_ChangesNothingAndKeepsTheKeys()
    {
        await Upload("acme", Good);
        await lenders.SaveAsync((await lenders.FindAsync("acme"))! with { ApiKeyHashes = ["hash"] });

        var summary = await Upload("acme", Good);

        Assert.Equal((0, 1), (summary.Stored, summary.Unchanged));
        Assert.Equal(["hash"], (await lenders.FindAsync("acme"))!.ApiKeyHashes);
    }

    [Fact]
    public async Task HandleAsync_DocumentLargerThan64KB_IsRefusedWithoutBeingRead()
    {
        var summary = await Upload("acme", "{ \"brand\": \"" + new string('a', 70_000) + "\" }");

        Assert.Equal(1, summary.Rejected);
        Assert.Contains("64 KB", results.Last.Errors.Single().Reason, StringComparison.Ordinal);
        Assert.Null(await lenders.FindAsync("acme"));
    }

    [Fact]
    public async Task HandleAsync_FolderThatIsNotALenderId_IsRefusedAndNothingIsWritten()
    {
        var summary = await Upload("Not_A_Lender", Good);

        Assert.Equal(1, summary.Rejected);
        Assert.Contains("not a lender id", summary.FileError, StringComparison.Ordinal);
        Assert.Empty(results.Results);
        Assert.Empty(await lenders.ListLenderIdsAsync());
    }
}
