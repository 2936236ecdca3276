using Azure.Monitor.OpenTelemetry.Exporter;
using Dunning.Core;
using Dunning.Core.Borrowers;
using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Privacy;
using Dunning.Core.Reports;
using Dunning.Core.Schedules;
using Dunning.Storage;
using Dunning.Storage.Borrowers;
using Dunning.Storage.Events;
using Dunning.Storage.FollowUps;
using Dunning.Storage.Installments;
using Dunning.Storage.Lenders;
using Dunning.Storage.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Dunning.Hosting;

/// <summary>
/// The one place the pipeline is composed: the Functions app and the local host both call
/// <see cref="AddDunning"/>, so they run the same handlers on the same adapters.
/// </summary>
public static partial class DunningServiceCollectionExtensions
{
    public static IServiceCollection AddDunning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DunningOptions>().BindConfiguration(DunningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AcsOptions>().BindConfiguration(AcsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.AddSingleton(_ => StorageConnection.Create(configuration));
        services.AddSingleton(sp => new InstallmentPartitions(sp.GetRequiredService<IOptions<DunningOptions>>().Value.ShardCount));
        services.AddSingleton<IPhoneHasher>(sp => new HmacPhoneHasher(sp.GetRequiredService<IOptions<DunningOptions>>().Value.PhoneHashSecret));
        services.AddSingleton<ILenderDirectory, TableLenderDirectory>();
        services.AddSingleton<IInstallmentStore, TableInstallmentStore>();
        services.AddSingleton<IBorrowerDirectory, TableBorrowerDirectory>();
        services.AddSingleton<IIngestResultStore, BlobIngestResultStore>();

        services.AddSingleton<IIngestScheduleHandler, IngestScheduleHandler>();
        services.AddSingleton<IIngestPaymentsHandler, IngestPaymentsHandler>();
        services.AddSingleton<IIngestLenderSettingsHandler, IngestLenderSettingsHandler>();
        services.AddSingleton<IScanDueInstallmentsHandler, ScanDueInstallmentsHandler>();

        AddSending(services, configuration);
        AddPersonalization(services);
        AddEvents(services);
        AddTelemetry(services, configuration);
        return services;
    }

    private static void AddEvents(IServiceCollection services)
    {
        services.AddSingleton(IntentMatcher.Default);
        services.AddSingleton<SenderIdLenderIndex>();
        services.AddSingleton<IEventLog, TableEventLog>();
        services.AddSingleton<IFollowUpStore, TableFollowUpStore>();
        services.AddSingleton<DeliveryReportProcessor>();
        services.AddSingleton<InboundSmsProcessor>();
        services.AddSingleton<ISmsEventsHandler, SmsEventsHandler>();
        services.AddSingleton<ILenderApiHandler, LenderApiHandler>();
        services.AddSingleton<ILenderKeyFailureStore, TableLenderKeyFailures>();
        services.AddSingleton<LenderGate>();
        services.AddSingleton<ILoanIndex, TableLoanIndex>();
        services.AddSingleton<ILenderConsoleHandler, LenderConsoleHandler>();
        services.AddSingleton<ILenderUploadStore, BlobLenderUploadStore>();
        services.AddSingleton<ILenderUploadHandler, LenderUploadHandler>();
        services.AddSingleton<ILenderSettingsConsoleHandler, LenderSettingsConsoleHandler>();
    }

    /// <summary>Traces and metrics go to Application Insights when a connection string is configured (Entra-authenticated in Azure).</summary>
    private static void AddTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        if (!AzureMonitorSettings.IsEnabled(configuration))
        {
            return;
        }

        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource("Azure.*")
                .AddAzureMonitorTraceExporter(o => AzureMonitorSettings.Apply(o, configuration)))
            .WithMetrics(metrics => metrics
                .AddMeter(DunningMetrics.MeterName)
                .AddAzureMonitorMetricExporter(o => AzureMonitorSettings.Apply(o, configuration)));
    }
}
