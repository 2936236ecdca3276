using Dunning.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Dunning.Functions.Tests;

public class WorkerHostTests
{
    public static TheoryData<string> FunctionClasses => [.. FunctionCatalog.Methods.Select(m => m.DeclaringType!.Name).Distinct()];

    [Theory]
    [MemberData(nameof(FunctionClasses))]
    public void Host_ConfiguredAsInAzure_ActivatesEveryFunctionClassInAnInvocationScope(string className)
    {
        var functionClass = FunctionCatalog.Methods.Select(m => m.DeclaringType!).First(t => t.Name == className);
        using var host = AzureLikeWorkerHost.Build();
        using var invocation = host.Services.CreateScope();

        var function = AzureLikeWorkerHost.Activate(invocation.ServiceProvider, functionClass);

        Assert.IsType(functionClass, function);
    }

    [Fact]
    public void Host_ConfiguredAsInAzure_PassesTheOptionsValidationItRunsAtStartup()
    {
        using var host = AzureLikeWorkerHost.Build();

        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Host_WithApplicationInsights_ExportsTheWorkersOwnTelemetry_AsHostJsonExpects()
    {
        using var host = AzureLikeWorkerHost.Build();

        var capabilities = host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities;

        Assert.Equal(bool.TrueString, capabilities["WorkerOpenTelemetryEnabled"]);
        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<LoggerProvider>());
        Assert.Equal("OpenTelemetry", RepositoryText.HostJson.GetProperty("telemetryMode").GetString());
    }

    [Fact]
    public void Host_WithoutAHandlerRegistration_CannotActivateItsFunction()
    {
        using var host = AzureLikeWorkerHost.Build(services => services.RemoveAll<ISendSmsHandler>());
        using var invocation = host.Services.CreateScope();

        Assert.Throws<InvalidOperationException>(() => AzureLikeWorkerHost.Activate(invocation.ServiceProvider, typeof(SendSms)));
    }

    [Fact]
    public void Host_WithASingletonCapturingAScopedService_FailsToBuild()
    {
        var error = Assert.Throws<AggregateException>(() => AzureLikeWorkerHost.Build(services =>
        {
            services.AddScoped<PerInvocation>();
            services.AddSingleton<CapturesPerInvocation>();
        }));

        Assert.Contains(nameof(PerInvocation), error.Message);
        Assert.Contains("scoped", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class PerInvocation;

    private sealed class CapturesPerInvocation(PerInvocation captured)
    {
        public PerInvocation Captured { get; } = captured;
    }
}
