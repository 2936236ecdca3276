using Azure.Monitor.OpenTelemetry.Exporter;
using Dunning.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Functions;

/// <summary>
/// Everything Program.cs composes, callable on any <see cref="FunctionsApplicationBuilder"/>, so the host test builds
/// exactly the app that ships (ASP.NET Core integration, the shared pipeline, the worker's telemetry) without gRPC.
/// </summary>
public static class FunctionsAppComposition
{
    public static FunctionsApplicationBuilder AddDunningFunctions(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddDunning(builder.Configuration);
        AddWorkerTelemetry(builder);
        return builder;
    }

    /// <summary>
    /// On top of the shared traces and metrics: the worker's invocation spans (parents of the Azure SDK spans, joined
    /// to the host's trace), the Functions resource (service name = app name, cloud.resource_id), and the worker's own
    /// logs. The worker tells the host it exports for itself, so host.json's telemetryMode is OpenTelemetry and
    /// nothing is sent twice. Functions host only: the local host has no invocation context to report.
    /// </summary>
    private static void AddWorkerTelemetry(FunctionsApplicationBuilder builder)
    {
        if (!AzureMonitorSettings.IsEnabled(builder.Configuration))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .WithLogging(logging => logging.AddAzureMonitorLogExporter(o => AzureMonitorSettings.Apply(o, builder.Configuration)))
            .UseFunctionsWorkerDefaults();
    }
}
