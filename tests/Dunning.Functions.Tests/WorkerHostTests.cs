using Dunning.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
