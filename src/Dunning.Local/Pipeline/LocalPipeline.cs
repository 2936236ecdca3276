using System.Net;
using System.Net.Sockets;
using Dunning.AcsEmulator;
using Dunning.Core;
using Dunning.Core.Jobs;
using Dunning.Core.Sending;
using Dunning.Core.Serialization;
using Dunning.Hosting;
using Dunning.Local.Http;
using Dunning.Storage;
using Dunning.Storage.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Dunning.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Dunning.Local.Pipeline;

/// <summary>
/// The whole pipeline on one machine: the same handlers, routes, queues and poison rules as the Functions
/// app, on Azurite, with the ACS emulator standing in for ACS unless a real connection string is given.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private readonly AzuriteProcess? azurite;
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger logger;
    private readonly Task? loops;

    private LocalPipeline(WebApplication app, Uri baseUrl, AzuriteProcess? azurite, AcsEmulator.AcsEmulator? emulator, LocalPipelineOptions options)
    {
        App = app;
        BaseUrl = baseUrl;
        this.azurite = azurite;
        Emulator = emulator;
        Options = options;
        Storage = app.Services.GetRequiredService<DunningStorage>();
        Delays = app.Services.GetService<VirtualDelays>();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        ReminderPump = new QueuePump(
            Storage.Queue(PipelineNames.ReminderJobsQueue), Storage.Queue(PipelineNames.ReminderJobsPoisonQueue),
            (message, ct) => Services.GetRequiredService<IPersonalizeReminderHandler>().HandleAsync(QueueJson.Deserialize<ReminderJobBatch>(message.MessageText), ct),
            loggers.CreateLogger("Dunning.Local.ReminderJobs"),
            onPoisoned: (message, ct) => Services.GetRequiredService<IPersonalizeReminderHandler>().HandlePoisonAsync(QueueJson.Deserialize<ReminderJobBatch>(message.MessageText), ct),
            visibilityTimeout: options.QueueVisibilityTimeout);
        OutboxPump = new QueuePump(
            Storage.Queue(PipelineNames.SmsOutboxQueue), Storage.Queue(PipelineNames.SmsOutboxPoisonQueue),
            (message, ct) => Services.GetRequiredService<ISendSmsHandler>().HandleQueueMessageAsync(message.MessageText, message.DequeueCount, ct),
            loggers.CreateLogger("Dunning.Local.SmsOutbox"),
            onPoisoned: (message, ct) => Services.GetRequiredService<ISendSmsHandler>().HandlePoisonQueueMessageAsync(message.MessageText, ct),
            visibilityTimeout: options.QueueVisibilityTimeout);
        reminderWatch = new QueueWatch(ReminderPump, () => Delays?.JobsEnqueued);
        outboxWatch = new QueueWatch(OutboxPump, () => Delays?.OutboxEnqueued);
        Watcher = ActivatorUtilities.CreateInstance<BlobWatcher>(app.Services);
        logger = loggers.CreateLogger<LocalPipeline>();
        if (options.RunBackgroundLoops)
        {
            loops = RunBackgroundLoopsAsync(stopping.Token);
        }
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseUrl { get; }

    public AcsEmulator.AcsEmulator? Emulator { get; }

    public LocalPipelineOptions Options { get; }

    public DunningStorage Storage { get; }

    public VirtualDelays? Delays { get; }

    public QueuePump ReminderPump { get; }

    public QueuePump OutboxPump { get; }

    public BlobWatcher Watcher { get; }

    private readonly QueueWatch reminderWatch;
    private readonly QueueWatch outboxWatch;

    public static async Task<LocalPipeline> StartAsync(LocalPipelineOptions options, string repositoryRoot, CancellationToken cancellationToken = default)
    {
        AzuriteProcess? azurite = null;
        AcsEmulator.AcsEmulator? emulator = null;
        try
        {
            if (options.StorageConnectionString is null)
            {
                azurite = await AzuriteProcess.StartAsync(repositoryRoot, cancellationToken);
            }

            var storageConnection = options.StorageConnectionString ?? azurite!.ConnectionString;

            // A probed free port can be taken before Kestrel binds it (another test host, an outgoing connection):
            // such a start is retried on a new port, with an emulator that posts its events there.
            for (var attempt = 1; ; attempt++)
            {
                var port = options.Port ?? FreePort();
                var baseUrl = new Uri($"http://127.0.0.1:{port}/");
                if (options.AcsConnectionString is null)
                {
                    var emulatorOptions = new AcsEmulatorOptions
                    {
                        TimeProvider = options.Time,
                        WebhookUrl = new Uri(baseUrl, "api/" + PipelineNames.SmsEventsRoute),
                        FunctionsKey = options.SharedKey,
                        // A driver on a virtual clock flushes reports itself; real time flushes in the background.
                        AutoFlushInterval = options.RunBackgroundLoops ? TimeSpan.FromMilliseconds(500) : null,
                    };
                    options.ConfigureEmulator?.Invoke(emulatorOptions);
                    emulator = await AcsEmulator.AcsEmulator.StartAsync(emulatorOptions, cancellationToken);
                }

                var app = Build(options, storageConnection, options.AcsConnectionString ?? emulator!.ConnectionString, baseUrl);
                try
                {
                    await app.Services.GetRequiredService<DunningStorage>().EnsureCreatedAsync(cancellationToken);
                    await app.StartAsync(cancellationToken);
                    return new LocalPipeline(app, baseUrl, azurite, emulator, options);
                }
                catch (IOException) when (options.Port is null && attempt < MaxStartAttempts)
                {
                    await app.DisposeAsync();
                    if (emulator is not null)
                    {
                        await emulator.DisposeAsync();
                        emulator = null;
                    }
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }
            }
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    private static WebApplication Build(LocalPipelineOptions options, string storageConnection, string acsConnection, Uri baseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl.ToString().TrimEnd('/'));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.Name] = storageConnection,
            [$"{AcsOptions.Section}:ConnectionString"] = acsConnection,
            [$"{DunningOptions.Section}:PhoneHashSecret"] = options.PhoneHashSecret,
            [$"{DunningOptions.Section}:ShardCount"] = options.ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        builder.Services.AddSingleton(options.Time);
        builder.Services.AddDunning(builder.Configuration);
        if (options.Time != TimeProvider.System)
        {
            builder.Services.AddSingleton<VirtualDelays>();
            builder.Services.AddSingleton<IJobQueue>(sp => new VirtualDelayJobQueue(sp.GetRequiredService<QueueJobQueue>(), sp.GetRequiredService<VirtualDelays>()));
            builder.Services.AddSingleton<IOutbox>(sp => new VirtualDelayOutbox(sp.GetRequiredService<QueueOutbox>(), sp.GetRequiredService<VirtualDelays>()));
        }

        options.ConfigureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDunningApi(options.SharedKey);
        return app;
    }

    /// <summary>Runs the scan as the timer would now.</summary>
    public Task<ScanSummary> ScanAsync(CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<IScanDueInstallmentsHandler>().HandleAsync(cancellationToken);

    /// <summary>
    /// Moves everything that can move at the current (virtual) instant: uploads, held deferrals, both queues
    /// and due delivery reports, until a round changes nothing.
    /// </summary>
    /// <param name="listUploads">False when the caller knows no blob arrived (the simulation uploads them itself).</param>
    /// <param name="skipIdleQueues">
    /// Ask a queue only when the pipeline has put something on it since it was last found empty, or a delivery
    /// failed and will come back: under a virtual clock every message comes from the pipeline's own IJobQueue and
    /// IOutbox, so an hour with nothing due costs no storage request at all.
    /// </param>
    public Task<int> RunUntilQuietAsync(CancellationToken cancellationToken = default) =>
        RunUntilQuietAsync(listUploads: true, skipIdleQueues: false, cancellationToken);

    /// <summary>
    /// <see cref="RunUntilQuietAsync(CancellationToken)"/> for a driver of the virtual clock that knows when it
    /// uploaded: lists uploads only when told, and asks only the queues that can hold something.
    /// </summary>
    public Task<int> RunWhatIsDueAsync(bool listUploads, CancellationToken cancellationToken = default) =>
        RunUntilQuietAsync(listUploads, skipIdleQueues: true, cancellationToken);

    private async Task<int> RunUntilQuietAsync(bool listUploads, bool skipIdleQueues, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var round = 0; round < 100; round++)
        {
            // Uploads come from outside, so one listing per call finds them; later rounds only move what the
            // pipeline itself produced (listing every container each round was most of an idle hour's cost).
            var moved = round == 0 && listUploads ? (await Watcher.ScanOnceAsync(cancellationToken)).Count : 0;
            moved += Delays is null ? 0 : await Delays.ReleaseDueAsync(cancellationToken);
            moved += await reminderWatch.DrainAsync(skipIdleQueues, cancellationToken);
            moved += await outboxWatch.DrainAsync(skipIdleQueues, cancellationToken);
            moved += Emulator is null || (skipIdleQueues && Emulator.PendingReportCount == 0) ? 0 : await Emulator.FlushDueReportsAsync(cancellationToken);
            total += moved;
            if (moved == 0)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>
    /// Whether anything the pipeline holds can still move without new input: messages put on a queue since it was
    /// last found empty, deliveries that failed and will come back, reports the emulator has yet to post.
    /// </summary>
    public bool HasWorkInFlight => reminderWatch.MayHaveMessages || outboxWatch.MayHaveMessages || Emulator?.PendingReportCount > 0;

    /// <summary>serve's background work: the pumps, the blob watcher and the hourly scan, on the pipeline's clock.</summary>
    private async Task RunBackgroundLoopsAsync(CancellationToken stoppingToken)
    {
        var time = Options.Time;
        var nextScan = time.GetUtcNow(); // scan once at start, then on the timer's schedule
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextScan)
                {
                    await ScanAsync(stoppingToken);
                    nextScan = ScanSchedule.NextAfter(time.GetUtcNow());
                }

                if (await RunUntilQuietAsync(stoppingToken) == 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A background round failed; it will be retried");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loops is not null)
        {
            await loops;
        }

        await App.StopAsync();
        await App.DisposeAsync();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    private const int MaxStartAttempts = 5;

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
