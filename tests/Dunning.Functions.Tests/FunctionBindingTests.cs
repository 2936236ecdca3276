using System.Reflection;
using Dunning.Core;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Dunning.Functions.Tests;

public class FunctionBindingTests
{
    private static readonly string[] ExpectedFunctions =
    [
        FunctionNames.IngestSchedule, FunctionNames.IngestPayments, FunctionNames.ScanDueInstallments,
        FunctionNames.PersonalizeReminder, FunctionNames.PersonalizeReminderPoison, FunctionNames.SendSms, FunctionNames.SendSmsPoison, FunctionNames.SmsEvents,
        FunctionNames.LenderReport, FunctionNames.LenderFollowUps, FunctionNames.CloseLenderFollowUp,
    ];

    public static TheoryData<string, string> QueueFunctions => new()
    {
        { FunctionNames.PersonalizeReminder, PipelineNames.ReminderJobsQueue },
        { FunctionNames.SendSms, PipelineNames.SmsOutboxQueue },
        { FunctionNames.SendSmsPoison, PipelineNames.SmsOutboxPoisonQueue },
        { FunctionNames.PersonalizeReminderPoison, PipelineNames.ReminderJobsPoisonQueue },
    };

    public static TheoryData<string, string> BlobFunctions => new()
    {
        { FunctionNames.IngestSchedule, PipelineNames.SchedulesBlobPath },
        { FunctionNames.IngestPayments, PipelineNames.PaymentsBlobPath },
    };

    public static TheoryData<string, string, string[]> HttpFunctions => new()
    {
        { FunctionNames.SmsEvents, PipelineNames.SmsEventsRoute, ["post", "options"] },
        { FunctionNames.LenderReport, PipelineNames.LenderReportRoute, ["get"] },
        { FunctionNames.LenderFollowUps, PipelineNames.LenderFollowUpsRoute, ["get"] },
        { FunctionNames.CloseLenderFollowUp, PipelineNames.LenderFollowUpCloseRoute, ["post"] },
    };

    [Fact]
    public void Functions_CompiledFromTheApp_AreExactlyThePipelinesFunctions()
    {
        var names = FunctionCatalog.Methods.Select(FunctionCatalog.NameOf).Order().ToList();

        Assert.Equal(ExpectedFunctions.Order(), names);
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

    [Theory]
    [MemberData(nameof(QueueFunctions))]
    public void QueueTrigger_NamesThePipelineQueue_OnTheHostStorageConnection(string function, string queue)
    {
        var trigger = FunctionCatalog.Trigger<QueueTriggerAttribute>(function);

        Assert.Equal(queue, trigger.QueueName);
        Assert.Null(trigger.Connection);
        Assert.Equal(typeof(string), FunctionCatalog.TriggerParameters(FunctionCatalog.Method(function)).Single().ParameterType);
    }

    [Theory]
    [MemberData(nameof(BlobFunctions))]
    public void BlobTrigger_NamesThePipelinePath_AndListensToEventGrid(string function, string path)
    {
        var trigger = FunctionCatalog.Trigger<BlobTriggerAttribute>(function);

        Assert.Equal(path, trigger.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, trigger.Source);
        Assert.Null(trigger.Connection);
        Assert.Equal(typeof(Stream), FunctionCatalog.TriggerParameters(FunctionCatalog.Method(function)).Single().ParameterType);
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
    public void ScanSchedule_ParsesAsSixFieldNcrontab_FiringHourly()
    {
        var schedule = CrontabSchedule.Parse(PipelineNames.ScanSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var dayStart = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

        var firings = schedule.GetNextOccurrences(dayStart, dayStart.AddDays(1)).ToList();

        Assert.Equal(6, PipelineNames.ScanSchedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(24, firings.Count);
        Assert.All(firings, f => Assert.Equal((5, 0), (f.Minute, f.Second)));
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void HttpTrigger_NamesThePipelineRoute_AndMethods(string function, string route, string[] methods)
    {
        var trigger = FunctionCatalog.Trigger<HttpTriggerAttribute>(function);

        Assert.Equal(route, trigger.Route);
        Assert.Equal(methods, trigger.Methods);
    }

    [Fact]
    public void EveryHttpFunction_RequiresAFunctionKey()
    {
        var httpTriggers = FunctionCatalog.Methods
            .Select(m => FunctionCatalog.TriggerParameters(m).Single().GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .ToList();

        Assert.Equal(HttpFunctions.Count(), httpTriggers.Count);
        Assert.All(httpTriggers, t => Assert.Equal(AuthorizationLevel.Function, t.AuthLevel));
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
