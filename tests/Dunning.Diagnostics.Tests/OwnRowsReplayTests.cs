using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Local.Diagnostics.Bench;
using Dunning.Testing;

namespace Dunning.Diagnostics.Tests;

/// <summary>The bench's raw ceiling replays the pipeline's requests on the pipeline's own rows: the same requests, and nothing changed after.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OwnRowsReplayTests(AzuriteFixture azurite)
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Replay_SendsTheSameTableAndBlobRequestsAndLeavesTheRowsAsTheyWere()
    {
        var table = azurite.Storage.Table("OwnReplay" + runId);
        await table.CreateAsync();
        await table.AddEntityAsync(Row("read", "王芳", 880.00));
        await table.AddEntityAsync(Row("written", "Li Na", 1.00));
        await azurite.Storage.Container(PipelineNames.ConfigContainer).CreateIfNotExistsAsync();

        IReadOnlyList<StorageRequest> pipelineRequests;
        using (var counter = Counter())
        {
            await table.GetEntityAsync<TableEntity>("p", "read");
            await table.UpsertEntityAsync(Row("written", "Li Na", 2.00), TableUpdateMode.Replace);
            await table.AddEntityAsync(Row("inserted", "Zhang Wei", 3.00));
            await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == "p"))
            {
            }

            var template = azurite.Storage.Container(PipelineNames.ConfigContainer).GetBlobClient($"{runId}/templates/absent.zh-CN.liquid");
            await Assert.ThrowsAsync<Azure.RequestFailedException>(() => template.DownloadContentAsync());
            await template.ExistsAsync();
            pipelineRequests = counter.Requests();
        }

        var replay = new OwnRowsReplay(azurite.Storage, runId, parallelism: 4);
        var prepared = await replay.PrepareAsync(pipelineRequests, round: 1, CancellationToken.None);
        IReadOnlyList<StorageRequest> replayed;
        using (var counter = Counter())
        {
            await replay.ReplayAsync(prepared, CancellationToken.None);
            replayed = counter.Requests();
        }

        await replay.CleanUpAsync(prepared, CancellationToken.None);

        Assert.Equal(Kinds(pipelineRequests), Kinds(replayed));
        Assert.Equal(
            pipelineRequests.Where(r => r.Method != "POST" && r.Service == "table").Select(r => r.Path).Order(),
            replayed.Where(r => r.Method != "POST" && r.Service == "table").Select(r => r.Path).Order());
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        Assert.Equal(["inserted", "read", "written"], rows.Select(r => r.RowKey).Order());
        Assert.Equal(2.00, rows.Single(r => r.RowKey == "written").GetDouble("Amount"));
        Assert.Equal("王芳", rows.Single(r => r.RowKey == "read").GetString("Name"));
        await table.DeleteAsync();
    }

    private StorageRequestCounter Counter() => new(azurite.Storage.Tables.Uri, azurite.Storage.Queues.Uri, azurite.Storage.Blobs.Uri);

    private static TableEntity Row(string rowKey, string name, double amount) =>
        new("p", rowKey) { ["Name"] = name, ["Amount"] = amount, ["Currency"] = "CNY", ["DueDate"] = "2031-01-18", ["Consent"] = true };

    private static IEnumerable<string> Kinds(IEnumerable<StorageRequest> requests) =>
        requests.Select(r => $"{r.Service} {r.Method}").Order(StringComparer.Ordinal);
}
