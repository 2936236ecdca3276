using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;

namespace Dunning.Hosting;

/// <summary>
/// Where telemetry goes: Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set, authenticated with
/// the app's identity (the component has local auth off). Shared by both hosts' exporters so they never disagree.
/// </summary>
public static class AzureMonitorSettings
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[ConnectionStringKey]);

    public static void Apply(AzureMonitorExporterOptions options, IConfiguration configuration)
    {
        options.ConnectionString = configuration[ConnectionStringKey];
        options.Credential = Credential(configuration);
    }

    private static TokenCredential Credential(IConfiguration configuration) =>
        StorageConnection.Credential(configuration[$"{StorageConnection.Name}:clientId"]);
}
