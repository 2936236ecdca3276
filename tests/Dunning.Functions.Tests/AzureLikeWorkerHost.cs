using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace Dunning.Functions.Tests;

/// <summary>
/// The real worker host, composed by the app's own <see cref="FunctionsAppComposition"/> and configured with the
/// app settings Bicep writes in Azure (identity-based storage, ACS by endpoint, telemetry on). It is built, never
/// started, so no gRPC channel to a Functions host is opened and no credential is ever asked for a token.
/// </summary>
internal static class AzureLikeWorkerHost
{
    /// <summary>Named as the app settings are; the environment-variable provider turns "__" into ":".</summary>
    public static IReadOnlyDictionary<string, string> AppSettings { get; } = new Dictionary<string, string>
    {
        ["AzureWebJobsStorage__credential"] = "managedidentity",
        ["AzureWebJobsStorage__clientId"] = "8f6c2f3e-1b1a-4c55-9d59-0d3c9b1f0a11",
        ["AzureWebJobsStorage__blobServiceUri"] = "https://stdunningtest.blob.core.windows.net",
        ["AzureWebJobsStorage__queueServiceUri"] = "https://stdunningtest.queue.core.windows.net",
        ["AzureWebJobsStorage__tableServiceUri"] = "https://stdunningtest.table.core.windows.net",
        ["Acs__Endpoint"] = "https://acs-dunning-test.communication.azure.com",
        ["Acs__SenderIds__0"] = "+18005550100",
        ["Dunning__PhoneHashSecret"] = "a-key-vault-reference-resolves-to-this",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://ingest.invalid/",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Authorization=AAD;ClientId=8f6c2f3e-1b1a-4c55-9d59-0d3c9b1f0a11",
    };

    /// <summary>
    /// Builds the host (with <paramref name="appSettings"/> instead of Azure's when given) with scope validation and validation on build, as Development does, so a singleton that
    /// captures a scoped service or a registration that cannot be satisfied fails here rather than in Azure.
    /// </summary>
    public static IHost Build(Action<IServiceCollection>? alter = null, IReadOnlyDictionary<string, string>? appSettings = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection((appSettings ?? AppSettings).Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)));
        builder.AddDunningFunctions();
        alter?.Invoke(builder.Services);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        return builder.Build();
    }

    /// <summary>Creates a function class the way the worker does for an invocation: through its activator, in the invocation's scope.</summary>
    public static object Activate(IServiceProvider invocationServices, Type functionClass)
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(invocationServices);
        return invocationServices.GetRequiredService<IFunctionActivator>().CreateInstance(functionClass, context.Object)
            ?? throw new InvalidOperationException($"The activator made no {functionClass.Name}.");
    }
}
