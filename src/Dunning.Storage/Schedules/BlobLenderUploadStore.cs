using Azure;
using Dunning.Core;
using Dunning.Core.Schedules;

namespace Dunning.Storage.Schedules;

/// <summary>Console uploads as blobs at {container}/{lenderId}/{name}; results read where <see cref="BlobIngestResultStore"/> writes them.</summary>
public sealed class BlobLenderUploadStore(DunningStorage storage) : ILenderUploadStore
{
    public async Task SaveAsync(string container, string lenderId, string fileName, Stream content, CancellationToken cancellationToken = default) =>
        await storage.Container(container).GetBlobClient($"{lenderId}/{fileName}").UploadAsync(content, overwrite: true, cancellationToken);

    public async Task<(string? SummaryJson, string? ErrorsCsv)> ReadResultAsync(string lenderId, string kind, string fileName, CancellationToken cancellationToken = default)
    {
        var results = storage.Container(PipelineNames.ResultsContainer);
        var baseName = $"{lenderId}/{kind}/{fileName}";
        try
        {
            var summary = await results.GetBlobClient(baseName + ".summary.json").DownloadContentAsync(cancellationToken);
            var errors = await results.GetBlobClient(baseName + ".errors.csv").DownloadContentAsync(cancellationToken);
            return (summary.Value.Content.ToString(), errors.Value.Content.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null);
        }
    }
}
