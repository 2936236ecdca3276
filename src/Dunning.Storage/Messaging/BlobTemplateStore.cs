using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs.Models;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;

namespace Dunning.Storage.Messaging;

/// <summary>
/// Lender templates in blob config/{lenderId}/templates/{name}.{language}.liquid. Each read within
/// <see cref="Freshness"/> of the last one is served from memory; after that a conditional GET (If-None-Match)
/// revalidates it, so an unchanged template costs a 304 and a new upload is seen within a minute.
/// </summary>
public sealed class BlobTemplateStore(DunningStorage storage, TimeProvider time) : ITemplateStore
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, CachedTemplate> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<MessageTemplate?>>> lookups = new(StringComparer.Ordinal);

    public static string BlobName(string lenderId, string name, string language) =>
        $"{LenderId.Require(lenderId)}/templates/{TemplateNames.FileName(name, language)}";

    public async Task<MessageTemplate?> FindAsync(string lenderId, string name, string language, CancellationToken cancellationToken = default)
    {
        var blobName = BlobName(lenderId, name, language);
        var now = time.GetUtcNow();
        cache.TryGetValue(blobName, out var cached);
        if (cached is not null && now - cached.CheckedAt < Freshness)
        {
            return cached.Template;
        }

        // One GET per blob at a time: a batch's jobs all look up the same names at once, and before this each of them
        // sent its own GET (mostly 404s for a lender without templates) until the first answer reached the cache.
        // Lazy, because concurrent callers may each build a value and only the stored one may start a GET.
        var lookup = lookups.GetOrAdd(blobName, key => new Lazy<Task<MessageTemplate?>>(() => LookUpAsync(key, name, language, cached, now)));
        try
        {
            return await lookup.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            // Every caller takes it out once it has its answer (or gave up), so a finished lookup never answers a later call.
            lookups.TryRemove(KeyValuePair.Create(blobName, lookup));
        }
    }

    /// <summary>Not cancelled by any one caller, since others may be waiting on it; the storage client's own timeout bounds it.</summary>
    private async Task<MessageTemplate?> LookUpAsync(string blobName, string name, string language, CachedTemplate? cached, DateTimeOffset now)
    {
        var blob = storage.Container(PipelineNames.ConfigContainer).GetBlobClient(blobName);
        try
        {
            var options = new BlobDownloadOptions
            {
                Conditions = cached?.Template is { } known ? new BlobRequestConditions { IfNoneMatch = new ETag(known.Version) } : null,
            };
            var response = await blob.DownloadContentAsync(options, CancellationToken.None);
            if (!response.HasValue && cached is not null)
            {
                // 304 Not Modified: the SDK answers with no body rather than throwing.
                cache[blobName] = cached with { CheckedAt = now };
                return cached.Template;
            }

            var template = new MessageTemplate(
                blobName,
                response.Value.Details.ETag.ToString(),
                name,
                language,
                response.Value.Content.ToString(),
                IsDefault: false);
            cache[blobName] = new CachedTemplate(template, now);
            return template;
        }
        catch (RequestFailedException e) when (e.Status == 304 && cached is not null)
        {
            cache[blobName] = cached with { CheckedAt = now };
            return cached.Template;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            cache[blobName] = new CachedTemplate(null, now);
            return null;
        }
    }

    public async Task SaveAsync(string lenderId, string name, string language, string text, CancellationToken cancellationToken = default)
    {
        var blobName = BlobName(lenderId, name, language);
        await storage.Container(PipelineNames.ConfigContainer).GetBlobClient(blobName)
            .UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken);
        cache.TryRemove(blobName, out _);
    }

    private sealed record CachedTemplate(MessageTemplate? Template, DateTimeOffset CheckedAt);
}
