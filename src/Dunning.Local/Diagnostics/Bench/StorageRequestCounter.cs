using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;

namespace Dunning.Local.Diagnostics.Bench;

/// <summary>
/// Counts the storage requests the Azure SDK sends (its "Request" event), by service and method, so the raw
/// ceiling can replay exactly the operations the pipeline performed per message.
/// </summary>
public sealed class StorageRequestCounter : IDisposable
{
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly AzureEventSourceListener listener;
    private readonly string[] storagePorts;

    public StorageRequestCounter(params Uri[] storageEndpoints)
    {
        storagePorts = [.. storageEndpoints.Select(e => ":" + e.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/")];
        listener = new AzureEventSourceListener(OnEvent, EventLevel.Informational);
    }

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(counts, StringComparer.Ordinal);

    public void Reset() => counts.Clear();

    private void OnEvent(EventWrittenEventArgs e, string message)
    {
        if (e.EventName != "Request" || e.Payload is not { Count: >= 3 } payload || payload[2] is not string uri || payload[1] is not string method)
        {
            return;
        }

        var service = uri.Contains(storagePorts[0], StringComparison.Ordinal) ? "table"
            : storagePorts.Length > 1 && uri.Contains(storagePorts[1], StringComparison.Ordinal) ? "queue"
            : storagePorts.Length > 2 && uri.Contains(storagePorts[2], StringComparison.Ordinal) ? "blob"
            : null;
        if (service is not null)
        {
            counts.AddOrUpdate($"{service} {method}", 1, (_, n) => n + 1);
        }
    }

    public void Dispose() => listener.Dispose();
}
