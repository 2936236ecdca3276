namespace Dunning.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class StorageTemplateTests(BicepTemplates templates)
{
    private ArmResource Account =>
        Assert.Single(templates.Main.AllResources, r => !r.IsExisting && r.Type == "Microsoft.Storage/storageAccounts");

    private ArmTemplate Module => templates.Main.ModuleDeclaring("Microsoft.Storage/storageAccounts");

    [Fact]
    public void Storage_DisallowsSharedKeyAccess() =>
        Assert.False(Account.Properties["allowSharedKeyAccess"]!.GetValue<bool>());

    [Fact]
    public void Storage_DefaultsToEntraAuthorization() =>
        Assert.True(Account.Properties["defaultToOAuthAuthentication"]!.GetValue<bool>());

    [Fact]
    public void Storage_RequiresTls12AndHttps()
    {
        Assert.Equal("TLS1_2", Account.Properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.True(Account.Properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
    }

    [Fact]
    public void Storage_DisallowsPublicBlobAccess()
    {
        Assert.False(Account.Properties["allowBlobPublicAccess"]!.GetValue<bool>());
        var container = Assert.Single(Module.Resources, r => r.Type == "Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", container.Properties["publicAccess"]!.GetValue<string>());
    }

    [Fact]
    public void Storage_CreatesTheContainersTheAppUses()
    {
        Assert.Equal(["schedules", "schedules-results", "payments", "config"], Module.ResolveArrayVariable("appContainers"));
        var containers = Assert.Single(Module.Resources, r => r.Type == "Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Contains("variables('containers')[copyIndex()]", containers.Name);

        // The deployment package and dead-letter containers join the app's four.
        var all = Module.Variables["containers"]!.GetValue<string>();
        Assert.Contains("variables('appContainers')", all);
        Assert.Contains("parameters('deploymentContainerName')", all);
        Assert.Contains("parameters('deadLetterContainerName')", all);
    }

    [Fact]
    public void Storage_CreatesQueuesWithTheirPoisonTwins()
    {
        Assert.Equal(
            ["reminder-jobs", "reminder-jobs-poison", "sms-outbox", "sms-outbox-poison"],
            Module.ResolveArrayVariable("queues"));
        var queues = Assert.Single(Module.Resources, r => r.Type == "Microsoft.Storage/storageAccounts/queueServices/queues");
        Assert.Contains("variables('queues')[copyIndex()]", queues.Name);
    }

    [Fact]
    public void Storage_CreatesTheTablesTheAppUses()
    {
        Assert.Equal(
            ["Installments", "InstallmentIndex", "Borrowers", "Lenders", "Sends", "SendsByMessageId", "ContactLog", "Events", "FollowUps", "SenderThroughput"],
            Module.ResolveArrayVariable("tables"));
        var tables = Assert.Single(Module.Resources, r => r.Type == "Microsoft.Storage/storageAccounts/tableServices/tables");
        Assert.Contains("variables('tables')[copyIndex()]", tables.Name);
    }

    [Fact]
    public void Storage_LifecycleRuleDeletesOldResultFiles()
    {
        var policy = Assert.Single(Module.Resources, r => r.Type == "Microsoft.Storage/storageAccounts/managementPolicies");
        var rules = policy.Properties["policy"]!["rules"]!.AsArray();
        var resultsRule = Assert.Single(rules, rule =>
            rule!["definition"]!["filters"]!["prefixMatch"]!.AsArray().Any(p => p!.GetValue<string>() == "schedules-results/"));
        Assert.True(resultsRule!["enabled"]!.GetValue<bool>());
        var delete = resultsRule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]!.GetValue<string>();
        Assert.Equal("[parameters('resultRetentionDays')]", delete);
    }
}
