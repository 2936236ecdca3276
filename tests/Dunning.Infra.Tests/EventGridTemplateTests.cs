namespace Dunning.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class EventGridTemplateTests(BicepTemplates templates)
{
    private List<ArmResource> Subscriptions =>
        templates.Events.Resources.Where(r => r.Type == "Microsoft.EventGrid/systemTopics/eventSubscriptions").ToList();

    private ArmResource SmsSubscription => Assert.Single(Subscriptions, s => s.Json["copy"] is null);

    private ArmResource BlobSubscriptions => Assert.Single(Subscriptions, s => s.Json["copy"] is not null);

    [Fact]
    public void SmsSubscription_FiltersBothAcsSmsEventTypes()
    {
        var types = SmsSubscription.Properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Equal(
            ["Microsoft.Communication.SMSDeliveryReportReceived", "Microsoft.Communication.SMSReceived"],
            types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SmsSubscription_DeliversToTheSmsEventsRouteWithAFunctionKey()
    {
        Assert.Equal("WebHook", SmsSubscription.Text("properties.destination.endpointType"));
        var url = SmsSubscription.Text("properties.destination.properties.endpointUrl")!;
        Assert.StartsWith("[format('https://{0}/{1}?code={2}', reference('functionApp').defaultHostName, 'api/sms/events', ", url);
        Assert.Contains("/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), '2025-03-01').functionKeys.default", url);
    }

    [Fact]
    public void SmsSubscription_IsOnTheAcsSystemTopic()
    {
        var main = templates.Main.ModuleDeclaring("Microsoft.EventGrid/systemTopics");
        var acsTopic = Assert.Single(main.Resources, r => r.Text("properties.topicType") == "Microsoft.Communication.CommunicationServices");
        Assert.Equal("[parameters('communicationTopicName')]", acsTopic.Name);
        Assert.Contains("parameters('communicationTopicName')", SmsSubscription.Name);
    }

    [Fact]
    public void BlobSubscriptions_FeedTheIngestFunctionsThroughTheBlobsExtensionWebhook()
    {
        var ingest = templates.Events.Variables["blobIngest"]!.AsArray()
            .Select(i => (Container: i!["container"]!.GetValue<string>(), Function: i["functionName"]!.GetValue<string>()));
        Assert.Equal([("schedules", "IngestSchedule"), ("payments", "IngestPayments"), ("config", "IngestLenderSettings")], ingest);

        var url = BlobSubscriptions.Text("properties.destination.properties.endpointUrl")!;
        Assert.StartsWith("[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}'", url);
        Assert.Contains("variables('blobIngest')[copyIndex()].functionName", url);
        Assert.EndsWith(".systemKeys.blobs_extension)]", url);
    }

    [Fact]
    public void BlobSubscriptions_OnlyForwardBlobCreatedUnderTheirContainer()
    {
        var filter = BlobSubscriptions.Properties["filter"]!;
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(
            "[format('/blobServices/default/containers/{0}/', variables('blobIngest')[copyIndex()].container)]",
            filter["subjectBeginsWith"]!.GetValue<string>());
        Assert.Equal("[variables('blobIngest')[copyIndex()].subjectSuffix]", filter["subjectEndsWith"]!.GetValue<string>());
        var suffixes = templates.Events.Variables["blobIngest"]!.AsArray().Select(i => i!["subjectSuffix"]!.GetValue<string>());
        Assert.Equal(["", "", "/settings.json"], suffixes);
    }

    [Fact]
    public void EventSubscriptions_RetryThenDeadLetterWithTheTopicsIdentity()
    {
        Assert.Equal(2, Subscriptions.Count);
        Assert.All(Subscriptions, s =>
        {
            Assert.Equal("[variables('retryPolicy')]", s.Text("properties.retryPolicy"));
            Assert.Equal("[variables('deadLetter')]", s.Text("properties.deadLetterWithResourceIdentity"));
            Assert.Null(s.Properties["deadLetterDestination"]);
        });

        var retry = templates.Events.Variables["retryPolicy"]!;
        Assert.Equal("[parameters('maxDeliveryAttempts')]", retry["maxDeliveryAttempts"]!.GetValue<string>());
        Assert.Equal("[parameters('eventTimeToLiveInMinutes')]", retry["eventTimeToLiveInMinutes"]!.GetValue<string>());

        var deadLetter = templates.Events.Variables["deadLetter"]!;
        Assert.Equal("SystemAssigned", deadLetter["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("StorageBlob", deadLetter["deadLetterDestination"]!["endpointType"]!.GetValue<string>());
        Assert.Equal(
            "[parameters('deadLetterContainerName')]",
            deadLetter["deadLetterDestination"]!["properties"]!["blobContainerName"]!.GetValue<string>());
    }

    [Fact]
    public void Events_DefaultDeadLetterContainerIsTheOneMainCreates()
    {
        var defaultContainer = templates.Events.Parameters["deadLetterContainerName"]!["defaultValue"]!.GetValue<string>();
        var mainNames = templates.Main.Variables["names"]!.AsObject();
        Assert.Equal(defaultContainer, mainNames["deadLetterContainer"]!.GetValue<string>());
    }

    [Fact]
    public void Events_FunctionKeysAreReadInsideTheTemplateAndNeverOutput()
    {
        var text = templates.Events.Root.ToRawJson();
        var listKeysCalls = text.Split("listKeys(").Length - 1;
        Assert.Equal(2, listKeysCalls);
        Assert.All(Subscriptions, s => Assert.Contains("listKeys(", s.Text("properties.destination.properties.endpointUrl")));
        Assert.DoesNotContain("list", templates.Events.Outputs.ToRawJson(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(templates.Events.Parameters, p => p.Value!["type"]!.GetValue<string>().StartsWith("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void PostDeployHook_DeploysEventsTemplateWithoutHandlingKeys()
    {
        foreach (var hook in new[] { "hooks/postdeploy.sh", "hooks/postdeploy.ps1" })
        {
            var script = File.ReadAllText(templates.InfraFile(hook));
            Assert.Contains("events.bicep", script);
            Assert.Contains("az deployment group create", script);
            // Keys stay inside ARM: the hook never asks for them itself.
            Assert.DoesNotContain("functionapp keys", script, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("az rest", script, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys?", script, StringComparison.OrdinalIgnoreCase);
        }

        var azureYaml = File.ReadAllText(Path.Combine(templates.RepoRoot, "azure.yaml"));
        Assert.Contains("infra-bicep/hooks/postdeploy.sh", azureYaml);
        Assert.Contains("infra-bicep/hooks/postdeploy.ps1", azureYaml);
    }
}
