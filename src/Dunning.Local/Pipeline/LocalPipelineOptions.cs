namespace Dunning.Local.Pipeline;

/// <summary>How the local host runs: which storage and ACS to use, and whose clock.</summary>
public sealed class LocalPipelineOptions
{
    /// <summary>Azure Storage connection string; null starts Azurite from node_modules.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>A real ACS connection string; null starts the ACS emulator.</summary>
    public string? AcsConnectionString { get; set; }

    /// <summary>The shared key /api routes require (x-functions-key header or ?code=), like a function key.</summary>
    public string SharedKey { get; set; } = "local-dev-key";

    public string PhoneHashSecret { get; set; } = "local-phone-hash-secret-not-for-production";

    /// <summary>The clock everything reads; a FakeTimeProvider makes the simulation run days in seconds.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Run the pumps, blob watcher and scan timer in the background (serve); off when a driver calls them.</summary>
    public bool RunBackgroundLoops { get; set; } = true;

    /// <summary>How long a received message stays invisible; the simulation shortens it so retries come back quickly.</summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int? Port { get; set; }

    /// <summary>
    /// Shards per due date. A scan queries every shard of every stage's due date each hour, so a small book
    /// (a simulation, a demo) scans far faster with one shard; a lender's real book keeps the default.
    /// </summary>
    public int ShardCount { get; set; } = Dunning.Core.Installments.InstallmentPartitions.DefaultShardCount;

    public Action<Dunning.AcsEmulator.AcsEmulatorOptions>? ConfigureEmulator { get; set; }

    /// <summary>Runs after the pipeline's own registrations: diagnostics add decorators (fault injection), the simulation its experiment policy.</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }
}
