using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Dunning.Core;

namespace Dunning.Storage;

/// <summary>
/// The storage account the pipeline uses: tables, queues and containers by their pipeline names.
/// Built from a connection string (Azurite) or from service URIs and a credential (managed identity in Azure).
/// </summary>
public sealed class DunningStorage
{
    private static readonly QueueClientOptions QueueOptions = new()
    {
        // Plain UTF-8 JSON; host.json sets messageEncoding "none" to match.
        MessageEncoding = QueueMessageEncoding.None,
    };

    /// <param name="tableOptions">Table client options, e.g. a pipeline policy that injects faults in a test.</param>
    public DunningStorage(string connectionString, TableClientOptions? tableOptions = null)
    {
        Tables = tableOptions is null ? new TableServiceClient(connectionString) : new TableServiceClient(connectionString, tableOptions);
        Queues = new QueueServiceClient(connectionString, QueueOptions);
        Blobs = new BlobServiceClient(connectionString);
    }

    public DunningStorage(Uri tableServiceUri, Uri queueServiceUri, Uri blobServiceUri, TokenCredential credential)
    {
        Tables = new TableServiceClient(tableServiceUri, credential);
        Queues = new QueueServiceClient(queueServiceUri, credential, QueueOptions);
        Blobs = new BlobServiceClient(blobServiceUri, credential);
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    /// <summary>Creates every table, queue and container the pipeline names (Bicep does this in Azure).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(PipelineNames.AllTables.Select(t => Table(t).CreateIfNotExistsAsync(cancellationToken)));
        await Task.WhenAll(PipelineNames.AllQueues.Select(q => Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(PipelineNames.AllContainers.Select(c => Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
    }
}
