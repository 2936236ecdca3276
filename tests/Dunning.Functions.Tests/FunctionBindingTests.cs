using System.Reflection;
using Dunning.Core;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions.Tests;

public class FunctionBindingTests
{
    [Fact]
    public void Functions_InTheAppAssembly_AreExactlyTheExpectedFunctions()
    {
        var names = FunctionCatalog.Methods.Select(FunctionCatalog.NameOf).Order().ToList();

        Assert.Equal(ExpectedFunctions.All.Select(f => f.Name).Order(), names);
    }

    [Fact]
    public void FunctionNames_AreUniqueAndNameTheirClass()
    {
        var names = FunctionCatalog.Methods.Select(FunctionCatalog.NameOf).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(FunctionCatalog.Methods, m => Assert.Equal(m.DeclaringType!.Name, FunctionCatalog.NameOf(m)));
    }

    [Fact]
    public void EveryFunction_HasExactlyOneTrigger()
    {
        Assert.All(FunctionCatalog.Methods, m => Assert.Single(FunctionCatalog.TriggerParameters(m)));
    }

    [Fact]
    public void EveryFunction_IsAsyncAndTakesTheCancellationTokenLast()
    {
        Assert.All(FunctionCatalog.Methods, m =>
        {
            Assert.True(typeof(Task).IsAssignableFrom(m.ReturnType), $"{m.DeclaringType!.Name} returns {m.ReturnType.Name}");
            Assert.Equal(typeof(CancellationToken), m.GetParameters()[^1].ParameterType);
        });
    }

    [Fact]
    public void FunctionClasses_DependOnlyOnCoreHandlerInterfaces()
    {
        Assert.All(FunctionCatalog.Methods.Select(m => m.DeclaringType!).Distinct(), type =>
        {
            var constructor = Assert.Single(type.GetConstructors());
            Assert.All(constructor.GetParameters(), p =>
            {
                Assert.True(p.ParameterType.IsInterface, $"{type.Name} takes {p.ParameterType.Name}");
                Assert.Equal(typeof(ISendSmsHandler).Assembly, p.ParameterType.Assembly);
            });
        });
    }

    [Fact]
    public void TimerTrigger_UsesTheScanSchedule_WithoutRunningOnStartup()
    {
        var trigger = FunctionCatalog.Trigger<TimerTriggerAttribute>(FunctionNames.ScanDueInstallments);

        Assert.Equal(PipelineNames.ScanSchedule, trigger.Schedule);
        Assert.False(trigger.RunOnStartup);
        Assert.True(trigger.UseMonitor);
    }

    [Fact]
    public void EveryPathOrRouteToken_HasAParameterOfTheSameName()
    {
        Assert.All(FunctionCatalog.Methods, m =>
        {
            var parameters = m.GetParameters().Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.All(FunctionCatalog.Tokens(PathOrRoute(m)), token => Assert.Contains(token, parameters));
        });
    }

    [Fact]
    public void EveryOtherParameter_IsBoundByTheWorker()
    {
        // The worker fills an unattributed parameter from trigger metadata by name (case-insensitive): path and
        // route tokens, the queue's DequeueCount; CancellationToken and FunctionContext bind by type.
        Assert.All(FunctionCatalog.Methods, m =>
        {
            var trigger = FunctionCatalog.TriggerParameters(m).Single();
            var metadataNames = FunctionCatalog.Tokens(PathOrRoute(m))
                .Concat(trigger.GetCustomAttribute<QueueTriggerAttribute>() is null ? [] : ["DequeueCount"])
                .ToHashSet(StringComparer.OrdinalIgnoreCase);

            Assert.All(m.GetParameters().Where(p => p != trigger), p => Assert.True(
                p.ParameterType == typeof(CancellationToken) || p.ParameterType == typeof(FunctionContext) || metadataNames.Contains(p.Name!),
                $"{FunctionCatalog.NameOf(m)}.{p.Name} binds to nothing"));
        });
    }

    private static string PathOrRoute(MethodInfo method)
    {
        var trigger = FunctionCatalog.TriggerParameters(method).Single();
        return trigger.GetCustomAttribute<BlobTriggerAttribute>()?.BlobPath
            ?? trigger.GetCustomAttribute<HttpTriggerAttribute>()?.Route
            ?? string.Empty;
    }
}
