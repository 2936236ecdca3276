using System.Text.RegularExpressions;

namespace Dunning.Functions.Tests;

/// <summary>functions.metadata, the file the Functions host indexes the app from, as the Worker SDK generated it.</summary>
public partial class FunctionsMetadataTests
{
    /// <summary>A trigger without "connection" uses the host's own storage setting, which Bicep makes identity-based.</summary>
    private const string HostStorageConnection = "AzureWebJobsStorage";

    [Fact]
    public void Metadata_ListsExactlyTheExpectedFunctions()
    {
        var names = FunctionsBuildOutput.Functions.Select(f => f.Text("name")).Order();

        Assert.Equal(ExpectedFunctions.All.Select(f => f.Name).Order(), names);
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Names), MemberType = typeof(ExpectedFunctions))]
    public void Metadata_Function_RunsItsClassInTheAppAssembly(string name)
    {
        var function = FunctionsBuildOutput.Function(name);

        Assert.Equal("dotnet-isolated", function.Text("language"));
        Assert.Equal("Dunning.Functions.dll", function.Text("scriptFile"));
        Assert.Equal($"Dunning.Functions.{name}.RunAsync", function.Text("entryPoint"));
        Assert.True(File.Exists(Path.Combine(FunctionsBuildOutput.Directory, function.Text("scriptFile")!)));
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Names), MemberType = typeof(ExpectedFunctions))]
    public void Metadata_Function_HasItsExpectedTriggerAndTarget(string name)
    {
        var expected = ExpectedFunctions.Named(name);
        var trigger = FunctionsBuildOutput.Trigger(name);
        var targetProperty = expected.TriggerType switch
        {
            ExpectedFunction.BlobTrigger => "path",
            ExpectedFunction.QueueTrigger => "queueName",
            ExpectedFunction.TimerTrigger => "schedule",
            _ => "route",
        };

        Assert.Equal(expected.TriggerType, trigger.Text("type"));
        Assert.Equal("In", trigger.Text("direction"));
        Assert.Equal(expected.Target, trigger.Text(targetProperty));
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Blobs), MemberType = typeof(ExpectedFunctions))]
    public void BlobTrigger_ListensToEventGrid_NotToPolling(string name)
    {
        Assert.Equal("EventGrid", FunctionsBuildOutput.Trigger(name).Text("source"));
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Https), MemberType = typeof(ExpectedFunctions))]
    public void HttpTrigger_HasItsMethods_AndItsAuthLevel(string name)
    {
        var trigger = FunctionsBuildOutput.Trigger(name);

        Assert.Equal(ExpectedFunctions.Named(name).Methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(ExpectedFunctions.Named(name).AuthLevel, trigger.Text("authLevel"));
    }

    [Fact]
    public void OnlyTheEventsRoute_NeedsTheFunctionKey_EveryOtherHttpRouteIsALenderRouteOrTheConsole()
    {
        var open = ExpectedFunctions.All.Where(f => f.TriggerType == ExpectedFunction.HttpTrigger && f.AuthLevel == "Anonymous").ToList();

        Assert.All(open, f => Assert.True(f.Target.StartsWith("lenders/{lenderId}/", StringComparison.Ordinal) || f.Target.StartsWith("console/", StringComparison.Ordinal), f.Name));
        Assert.Equal("Function", ExpectedFunctions.Named(Core.FunctionNames.SmsEvents).AuthLevel);
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Https), MemberType = typeof(ExpectedFunctions))]
    public void HttpTrigger_RouteAndMethod_AreInTheReadme(string name)
    {
        var route = Normalize($"/{RepositoryText.RoutePrefix}/{FunctionsBuildOutput.Trigger(name).Text("route")}");
        var method = ExpectedFunctions.Named(name).Methods[0].ToUpperInvariant();

        // The README writes "GET /api/lenders/{lenderId}/report" or, for a sub-route, "POST .../followups/{id}/close".
        var documented = DocumentedRoute().Matches(RepositoryText.Readme)
            .Where(m => m.Groups["method"].Value == method)
            .Select(m => Normalize(m.Groups["path"].Value))
            .Any(path => path.StartsWith("...", StringComparison.Ordinal) ? route.EndsWith(path[3..], StringComparison.Ordinal) : path == route);

        Assert.True(documented, $"README documents no '{method} {route}'");
    }

    [Fact]
    public void SmsEventsRoute_IsWhereTheEventGridSubscriptionPosts()
    {
        var route = $"{RepositoryText.RoutePrefix}/{FunctionsBuildOutput.Trigger(Core.FunctionNames.SmsEvents).Text("route")}";

        Assert.Contains($"var smsEventsPath = '{route}'", RepositoryText.Read("infra-bicep/events.bicep"));
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Blobs), MemberType = typeof(ExpectedFunctions))]
    public void BlobTrigger_HasAnEventGridSubscription_ForItsContainer(string name)
    {
        var container = FunctionsBuildOutput.Trigger(name).Text("path")!.Split('/')[0];
        var subscriptions = BlobIngestEntry().Matches(RepositoryText.Read("infra-bicep/events.bicep"))
            .Select(m => (Container: m.Groups["container"].Value, Function: m.Groups["function"].Value));

        Assert.Contains((container, name), subscriptions);
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Blobs), MemberType = typeof(ExpectedFunctions))]
    public void BlobTrigger_Container_IsCreatedByBicep_AndDescribedInTheReadme(string name)
    {
        var path = FunctionsBuildOutput.Trigger(name).Text("path")!;
        var container = path.Split('/')[0];

        Assert.Contains($"'{container}'", BicepArray(RepositoryText.Read("infra-bicep/modules/storage.bicep"), "appContainers"));
        Assert.Contains($"{container}/{{lenderId}}/", RepositoryText.Readme);
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Queues), MemberType = typeof(ExpectedFunctions))]
    public void QueueTrigger_Queue_IsCreatedByBicep_AndNamedInTheReadme(string name)
    {
        var queue = FunctionsBuildOutput.Trigger(name).Text("queueName")!;

        Assert.Contains($"'{queue}'", BicepArray(RepositoryText.Read("infra-bicep/modules/storage.bicep"), "queues"));
        Assert.Contains($"`{queue.Replace("-poison", string.Empty, StringComparison.Ordinal)}`", RepositoryText.Readme);
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions.Blobs), MemberType = typeof(ExpectedFunctions))]
    [MemberData(nameof(ExpectedFunctions.Queues), MemberType = typeof(ExpectedFunctions))]
    public void StorageTrigger_Connection_IsIdentityBasedInBicep(string name)
    {
        var trigger = FunctionsBuildOutput.Trigger(name);
        var connection = trigger.Text("connection") ?? HostStorageConnection;
        var service = trigger.Text("type") == ExpectedFunction.BlobTrigger ? "blobServiceUri" : "queueServiceUri";
        var appSettings = RepositoryText.Read("infra-bicep/modules/functionapp.bicep");

        Assert.Equal(HostStorageConnection, connection);
        Assert.Contains($"{connection}__credential: 'managedidentity'", appSettings);
        Assert.Contains($"{connection}__{service}:", appSettings);
    }

    [Fact]
    public void TimerTrigger_Schedule_IsHourly_AsTheReadmePromises()
    {
        var schedule = FunctionsBuildOutput.Trigger(Core.FunctionNames.ScanDueInstallments).Text("schedule")!;
        var parsed = NCrontab.CrontabSchedule.Parse(schedule, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var dayStart = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(24, parsed.GetNextOccurrences(dayStart, dayStart.AddDays(1)).Count());
        Assert.Contains("timer (hourly)", RepositoryText.Readme);
    }

    [Fact]
    public void WorkerConfig_StartsThisAppsAssembly_AsAnIsolatedWorker()
    {
        var description = FunctionsBuildOutput.Json("worker.config.json").GetProperty("description");

        Assert.Equal("dotnet-isolated", description.Text("language"));
        Assert.Equal("Dunning.Functions.dll", description.Text("defaultWorkerPath"));
        Assert.Equal("true", description.Text("workerIndexing"));
    }

    [Theory]
    [InlineData(ExpectedFunction.BlobTrigger, "AzureStorageBlobs")]
    [InlineData(ExpectedFunction.QueueTrigger, "AzureStorageQueues")]
    public void Extensions_NameTheHostExtensionEachStorageTriggerNeeds_AndShipIt(string triggerType, string extension)
    {
        var extensions = FunctionsBuildOutput.Json("extensions.json").GetProperty("extensions").EnumerateArray().ToList();
        var entry = extensions.Single(e => e.Text("name") == extension);

        Assert.Contains(ExpectedFunctions.All, f => f.TriggerType == triggerType);
        Assert.True(File.Exists(Path.Combine(FunctionsBuildOutput.Directory, entry.Text("hintPath")!)), entry.Text("hintPath"));
    }

    [Fact]
    public void HostJson_IsBesideTheWorker()
    {
        Assert.Equal(RepositoryText.Read("host.json"), File.ReadAllText(Path.Combine(FunctionsBuildOutput.Directory, "host.json")));
    }

    private static string Normalize(string route) => RouteToken().Replace(route, "{}");

    /// <summary>The quoted items of a Bicep array variable, e.g. <c>var queues = [ 'a' 'b' ]</c>.</summary>
    private static string BicepArray(string bicep, string variable)
    {
        var start = bicep.IndexOf($"var {variable} = [", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no 'var {variable}' in the template");
        return bicep[start..bicep.IndexOf(']', start)];
    }

    [GeneratedRegex(@"`(?<method>GET|POST|PUT|DELETE|OPTIONS) (?<path>[^`?\s]+)")]
    private static partial Regex DocumentedRoute();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteToken();

    [GeneratedRegex(@"container: '(?<container>[^']+)'\s*\n\s*functionName: '(?<function>[^']+)'")]
    private static partial Regex BlobIngestEntry();
}
