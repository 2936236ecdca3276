using Dunning.Core;
using Dunning.Testing;

namespace Dunning.Integration.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteSmokeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EnsureCreated_CreatesEveryPipelineQueue()
    {
        var names = new List<string>();
        await foreach (var queue in azurite.Storage.Queues.GetQueuesAsync())
        {
            names.Add(queue.Name);
        }

        Assert.Superset(PipelineNames.AllQueues.ToHashSet(), names.ToHashSet());
    }
}
