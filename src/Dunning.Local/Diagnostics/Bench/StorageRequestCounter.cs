using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Dunning.Local.Diagnostics.Bench;

/// <summary>One storage request as it went out: service, HTTP method and the URL's path (the table and entity keys).</summary>
public sealed record StorageRequest(string Service, string Method, string Path);

/// <summary>
/// Records the storage requests sent from this process, from the HTTP client's own activity (one per attempt, so
/// retries count), so the raw ceiling can replay exactly the requests the pipeline made. Unlike the Azure SDK's
/// informational event source, it formats no log line per request while the request is being timed.
/// </summary>
public sealed class StorageRequestCounter : IDisposable
{
    private const string HttpActivitySource = "System.Net.Http";

    private readonly ConcurrentQueue<StorageRequest> requests = new();
    private readonly Dictionary<string, string> serviceByEndpoint;
    private readonly ActivityListener listener;

    /// <summary>Azurite's services share a host and differ by port; Azure's share the port and differ by host.</summary>
    public StorageRequestCounter(Uri table, Uri queue, Uri blob)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(blob);
        serviceByEndpoint = new(StringComparer.OrdinalIgnoreCase)
        {
            [Endpoint(table.Host, table.Port)] = "table",
            [Endpoint(queue.Host, queue.Port)] = "queue",
            [Endpoint(blob.Host, blob.Port)] = "blob",
        };
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HttpActivitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnRequest,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Requests by "service METHOD", e.g. "table GET".</summary>
    public IReadOnlyDictionary<string, int> Snapshot() =>
        requests.GroupBy(r => $"{r.Service} {r.Method}", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Every request so far, in the order they finished.</summary>
    public IReadOnlyList<StorageRequest> Requests() => [.. requests];

    private void OnRequest(Activity activity)
    {
        if (activity.GetTagItem("http.request.method") is not string method
            || activity.GetTagItem("url.full") is not string url
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !serviceByEndpoint.TryGetValue(Endpoint(uri.Host, uri.Port), out var service))
        {
            return;
        }

        requests.Enqueue(new StorageRequest(service, method, uri.AbsolutePath));
    }

    public void Dispose() => listener.Dispose();

    private static string Endpoint(string host, int port) => string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
}
