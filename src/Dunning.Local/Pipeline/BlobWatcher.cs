using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dunning.Core;
using Dunning.Core.Lenders;
using Microsoft.Extensions.Logging;

namespace Dunning.Local.Pipeline;

/// <summary>
/// The local stand-in for the blob triggers: finds new or overwritten blobs under schedules/{lenderId}/,
/// payments/{lenderId}/ and config/{lenderId}/settings.json and ingests each once. An ingested blob gets an "ingested" metadata mark (set only if
/// its ETag is still the one read); an overwrite replaces the metadata, so new content is ingested again and a
/// restart ingests nothing twice.
/// </summary>
public sealed partial class BlobWatcher(
    Dunning.Storage.DunningStorage storage,
    IIngestScheduleHandler schedules,
    IIngestPaymentsHandler payments,
    IIngestLenderSettingsHandler settings,
    ILogger<BlobWatcher> logger)
{
    private const string IngestedMarker = "dunningingested";

    /// <summary>Ingests every pending upload; returns the summaries in the order handled.</summary>
    public async Task<IReadOnlyList<IngestSummary>> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var summaries = new List<IngestSummary>();
        // Settings first, so a lender onboarded by its document in the same round has its schedule read;
        // schedules before payments, so a payment in the same round finds its installment.
        summaries.AddRange(await IngestContainerAsync(PipelineNames.ConfigContainer, IngestSettingsAsync, cancellationToken, SettingsDocumentOnly));
        summaries.AddRange(await IngestContainerAsync(PipelineNames.SchedulesContainer, schedules.HandleAsync, cancellationToken));
        summaries.AddRange(await IngestContainerAsync(PipelineNames.PaymentsContainer, payments.HandleAsync, cancellationToken));
        return summaries;
    }

    /// <summary>config/ also holds the lender's templates, which are read where they lie, not ingested.</summary>
    private static bool SettingsDocumentOnly(string fileName) => fileName == LenderSettingsDocument.FileName;

    private Task<IngestSummary> IngestSettingsAsync(string lenderId, string fileName, Stream content, CancellationToken cancellationToken) =>
        settings.HandleAsync(lenderId, content, cancellationToken);

    private async Task<List<IngestSummary>> IngestContainerAsync(
        string containerName,
        Func<string, string, Stream, CancellationToken, Task<IngestSummary>> ingest,
        CancellationToken cancellationToken,
        Func<string, bool>? watches = null)
    {
        var container = storage.Container(containerName);
        var summaries = new List<IngestSummary>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (item.Metadata.ContainsKey(IngestedMarker))
            {
                continue;
            }

            var parts = item.Name.Split('/', 2);
            if (parts.Length == 2 && watches is not null && !watches(parts[1]))
            {
                continue;
            }

            if (parts.Length != 2 || !LenderId.IsValid(parts[0]))
            {
                LogIgnored(containerName, item.Name.Length);
                continue;
            }

            var blob = container.GetBlobClient(item.Name);
            await using (var content = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken))
            {
                summaries.Add(await ingest(parts[0], parts[1], content, cancellationToken));
            }

            try
            {
                await blob.SetMetadataAsync(new Dictionary<string, string> { [IngestedMarker] = "true" },
                    new BlobRequestConditions { IfMatch = item.Properties.ETag }, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Overwritten while we read it: leave it unmarked so the new content is ingested next round.
            }
        }

        return summaries;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Ignored a blob in {Container} whose path is not {{lenderId}}/{{file}} (name length {Length})")]
    private partial void LogIgnored(string container, int length);
}
