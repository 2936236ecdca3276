using Dunning.Core;

namespace Dunning.Infra.Tests;

/// <summary>Bicep creates exactly the names the app binds to (Dunning.Core.PipelineNames).</summary>
[Collection(BicepCollection.Name)]
public sealed class PipelineNamesTests(BicepTemplates templates)
{
    private ArmTemplate Storage => templates.Main.ModuleDeclaring("Microsoft.Storage/storageAccounts");

    [Fact]
    public void Storage_CreatesEveryQueueTheAppBindsTo() =>
        Assert.Equal(PipelineNames.AllQueues.Order(StringComparer.Ordinal), Storage.ResolveArrayVariable("queues").Order(StringComparer.Ordinal));

    [Fact]
    public void Storage_CreatesEveryTableTheAppUses() =>
        Assert.Equal(PipelineNames.AllTables.Order(StringComparer.Ordinal), Storage.ResolveArrayVariable("tables").Order(StringComparer.Ordinal));

    [Fact]
    public void Storage_CreatesEveryContainerTheAppUses() =>
        Assert.Equal(PipelineNames.AllContainers.Order(StringComparer.Ordinal), Storage.ResolveArrayVariable("appContainers").Order(StringComparer.Ordinal));

    [Fact]
    public void SmsSubscription_TargetsTheSmsEventsRoute() =>
        Assert.Equal($"api/{PipelineNames.SmsEventsRoute}", templates.Events.Variables["smsEventsPath"]!.GetValue<string>());

    [Fact]
    public void BlobSubscriptions_WatchTheUploadContainers()
    {
        var containers = templates.Events.Variables["blobIngest"]!.AsArray().Select(i => i!["container"]!.GetValue<string>());
        Assert.Equal([PipelineNames.SchedulesContainer, PipelineNames.PaymentsContainer, PipelineNames.ConfigContainer], containers);
    }

    [Fact]
    public void PoisonAlert_MatchesThePoisonQueueSuffix() =>
        Assert.Contains($"\"{PipelineNames.PoisonSuffix}\"", templates.Main.ModuleDeclaring("Microsoft.Insights/actionGroups").Variables["poisonQuery"]!.GetValue<string>());
}
