using System.Text.Json;
using Dunning.Core;

namespace Dunning.Functions.Tests;

/// <summary>host.json at the repository root (linked into the app; FunctionsMetadataTests checks the app's copy).</summary>
public class HostJsonTests
{
    private static readonly JsonElement Root = RepositoryText.HostJson;

    private static JsonElement Queues => Root.GetProperty("extensions").GetProperty("queues");

    [Fact]
    public void Version_IsTwo()
    {
        Assert.Equal("2.0", Root.GetProperty("version").GetString());
    }

    [Fact]
    public void Queues_MaxDequeueCount_IsThePipelinesRetryBudget()
    {
        Assert.Equal(PipelineNames.MaxDequeueCount, Queues.GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public void Queues_MessageEncoding_IsNone_LikeTheProducersPlainJson()
    {
        Assert.Equal("none", Queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void Queues_BatchSettings_AreWithinTheHostsLimits()
    {
        var batchSize = Queues.GetProperty("batchSize").GetInt32();
        var threshold = Queues.GetProperty("newBatchThreshold").GetInt32();

        Assert.InRange(batchSize, 1, 32);
        Assert.InRange(threshold, 0, batchSize);
        Assert.True(TimeSpan.Parse(Queues.GetProperty("maxPollingInterval").GetString()!) >= TimeSpan.FromMilliseconds(100));
        Assert.True(TimeSpan.Parse(Queues.GetProperty("visibilityTimeout").GetString()!) > TimeSpan.Zero);
    }

    [Fact]
    public void Http_RoutePrefix_IsApi_AsTheLocalHostAndEventGridExpect()
    {
        Assert.Equal("api", Root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Sampling_NeverDropsRequests()
    {
        var excluded = Root.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings")
            .GetProperty("excludedTypes").GetString()!.Split(';');

        Assert.Contains("Request", excluded);
    }
}
