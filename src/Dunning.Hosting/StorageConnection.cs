using Azure.Core;
using Azure.Identity;
using Dunning.Storage;
using Microsoft.Extensions.Configuration;

namespace Dunning.Hosting;

/// <summary>
/// Reads "AzureWebJobsStorage" the way the Functions host does: a plain connection string (Azurite), or a
/// section with blobServiceUri/queueServiceUri/tableServiceUri, credential=managedidentity and clientId.
/// </summary>
public static class StorageConnection
{
    public const string Name = "AzureWebJobsStorage";

    public static DunningStorage Create(IConfiguration configuration)
    {
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new DunningStorage(section.Value);
        }

        var blob = section["blobServiceUri"];
        var queue = section["queueServiceUri"];
        var table = section["tableServiceUri"];
        if (blob is null || queue is null || table is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {Name} to a connection string, or {Name}__blobServiceUri, __queueServiceUri and __tableServiceUri with __credential=managedidentity.");
        }

        return new DunningStorage(new Uri(table), new Uri(queue), new Uri(blob), Credential(section["clientId"]));
    }

    public static TokenCredential Credential(string? clientId) =>
        clientId is null ? new DefaultAzureCredential() : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
}
