using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Dunning.Local.Diagnostics.Bench;

/// <summary>
/// Counts the storage requests sent from this process, by service and method, so the raw ceiling can replay
/// exactly the operations the pipeline performed per message. It listens to the HTTP client's own request
/// metric, one measurement per attempt (retries count), which, unlike the Azure SDK's informational event
/// source, formats no log line per request while it is being timed.
/// </summary>
public sealed class StorageRequestCounter : IDisposable
{
    private const string HttpMeter = "System.Net.Http";
    private const string RequestDuration = "http.client.request.duration";

    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> serviceByEndpoint;
    private readonly MeterListener listener = new();

    /// <summary>Azurite's services share a host and differ by port; Azure's share the port and differ by host.</summary>
    public StorageRequestCounter(Uri table, Uri queue, Uri blob)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(blob);
        serviceByEndpoint = new(StringComparer.OrdinalIgnoreCase) { [Endpoint(table.Host, table.Port)] = "table", [Endpoint(queue.Host, queue.Port)] = "queue", [Endpoint(blob.Host, blob.Port)] = "blob" };
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == HttpMeter && instrument.Name == RequestDuration)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>(OnRequest);
        listener.Start();
    }

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(counts, StringComparer.Ordinal);

    public void Reset() => counts.Clear();

    private void OnRequest(Instrument instrument, double duration, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? method = null;
        string? host = null;
        int? port = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "http.request.method":
                    method = tag.Value as string;
                    break;
                case "server.address":
                    host = tag.Value as string;
                    break;
                case "server.port":
                    port = Convert.ToInt32(tag.Value, CultureInfo.InvariantCulture);
                    break;
            }
        }

        if (method is not null && host is not null && port is { } p && serviceByEndpoint.TryGetValue(Endpoint(host, p), out var service))
        {
            counts.AddOrUpdate($"{service} {method}", 1, (_, n) => n + 1);
        }
    }

    public void Dispose() => listener.Dispose();

    private static string Endpoint(string host, int port) => string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
}
