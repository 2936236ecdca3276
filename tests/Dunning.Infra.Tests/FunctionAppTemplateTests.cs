namespace Dunning.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class FunctionAppTemplateTests(BicepTemplates templates)
{
    private ArmTemplate Module => templates.Main.ModuleDeclaring("Microsoft.Web/sites");

    private ArmResource Site => Assert.Single(Module.Resources, r => r.Type == "Microsoft.Web/sites");

    private ArmResource Plan => Assert.Single(Module.Resources, r => r.Type == "Microsoft.Web/serverfarms");

    /// <summary>The app settings the template writes (the module's baseSettings variable; sender ids are added as indexed keys).</summary>
    private JsonObject Settings
    {
        get
        {
            var config = Assert.Single(Module.Resources, r => r.Type == "Microsoft.Web/sites/config");
            Assert.EndsWith("'appsettings')]", config.Name);
            Assert.Equal(
                "[union(variables('baseSettings'), variables('senderIdSettings'))]",
                config.Json["properties"]!.GetValue<string>());
            return Module.Variables["baseSettings"]!.AsObject();
        }
    }

    private string Setting(string name) =>
        Assert.IsAssignableFrom<JsonValue>(Settings[name]).GetValue<string>();

    [Fact]
    public void FunctionApp_RunsOnFlexConsumptionLinuxPlan()
    {
        Assert.Equal("FC1", Plan.Json["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", Plan.Json["sku"]!["tier"]!.GetValue<string>());
        Assert.True(Plan.Properties["reserved"]!.GetValue<bool>());
        Assert.Equal("functionapp,linux", Site.Json["kind"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolatedOnNet10ByDefault()
    {
        var runtime = Site.Properties["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal("[parameters('runtimeVersion')]", runtime["version"]!.GetValue<string>());
        Assert.Equal("10.0", templates.Main.Parameters["functionsRuntimeVersion"]!["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_InstanceMemoryAndMaxInstancesAreParameters()
    {
        var scale = Site.Properties["functionAppConfig"]!["scaleAndConcurrency"]!;
        Assert.Equal("[parameters('instanceMemoryMB')]", scale["instanceMemoryMB"]!.GetValue<string>());
        Assert.Equal("[parameters('maximumInstanceCount')]", scale["maximumInstanceCount"]!.GetValue<string>());
        Assert.Contains("instanceMemoryMB", templates.Main.Parameters.Select(p => p.Key));
        Assert.Contains("maximumInstanceCount", templates.Main.Parameters.Select(p => p.Key));
    }

    [Fact]
    public void FunctionApp_ScalesToFortyInstancesByDefault_TheLowestFlexConsumptionTakes()
    {
        // Sends are bounded by the sender numbers' app-wide limits, so more instances only contend for the same permits.
        var parameter = templates.Main.Parameters["maximumInstanceCount"]!;
        Assert.Equal(40, parameter["defaultValue"]!.GetValue<int>());
        Assert.Equal(40, parameter["minValue"]!.GetValue<int>());
    }

    [Fact]
    public void FunctionApp_ReadsDeploymentPackageWithItsUserAssignedIdentity()
    {
        var storage = Site.Properties["functionAppConfig"]!["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", storage["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", storage["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal("[parameters('identityId')]", storage["authentication"]!["userAssignedIdentityResourceId"]!.GetValue<string>());
        Assert.Null(storage["authentication"]!["storageAccountConnectionStringName"]);
        Assert.Equal("UserAssigned", Site.Json["identity"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_ConnectsToHostStorageWithManagedIdentity()
    {
        Assert.Equal("managedidentity", Setting("AzureWebJobsStorage__credential"));
        Assert.Equal("[parameters('identityClientId')]", Setting("AzureWebJobsStorage__clientId"));
        Assert.Equal("[parameters('blobEndpoint')]", Setting("AzureWebJobsStorage__blobServiceUri"));
        Assert.Equal("[parameters('queueEndpoint')]", Setting("AzureWebJobsStorage__queueServiceUri"));
        Assert.Equal("[parameters('tableEndpoint')]", Setting("AzureWebJobsStorage__tableServiceUri"));
        Assert.Null(Settings["AzureWebJobsStorage"]);
    }

    [Fact]
    public void FunctionApp_AuthenticatesToApplicationInsightsWithEntra()
    {
        Assert.Equal(
            "[format('Authorization=AAD;ClientId={0}', parameters('identityClientId'))]",
            Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        Assert.Equal("[parameters('appInsightsConnectionString')]", Setting("APPLICATIONINSIGHTS_CONNECTION_STRING"));

        var monitoring = templates.Main.ModuleDeclaring("Microsoft.Insights/components");
        var component = Assert.Single(monitoring.Resources, r => r.Type == "Microsoft.Insights/components");
        Assert.True(component.Properties["DisableLocalAuth"]!.GetValue<bool>());
        Assert.NotNull(component.Properties["WorkspaceResourceId"]);
    }

    [Fact]
    public void FunctionApp_ReachesAcsByEndpointOnly()
    {
        Assert.Equal("[parameters('acsEndpoint')]", Setting("Acs__Endpoint"));
        Assert.DoesNotContain(Settings, s => s.Key.StartsWith("Acs__", StringComparison.Ordinal) && s.Key != "Acs__Endpoint");
        Assert.Equal(
            "[toObject(range(0, length(parameters('acsSenderIds'))), lambda('i', format('Acs__SenderIds__{0}', lambdaVariables('i'))), lambda('i', parameters('acsSenderIds')[lambdaVariables('i')]))]",
            Module.Variables["senderIdSettings"]!.GetValue<string>());

        var acs = Assert.Single(templates.Main.AllResources, r => !r.IsExisting && r.Type == "Microsoft.Communication/communicationServices");
        Assert.True(acs.Properties["disableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void FunctionApp_SettingsHoldNoKeyOrConnectionString()
    {
        foreach (var (name, value) in Settings)
        {
            var text = value!.ToRawJson();
            foreach (var forbidden in BannedCredentialMarkers.All)
            {
                Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase);
            }

            if (name != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            {
                Assert.DoesNotContain("ConnectionString", name, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void PhoneHashSecret_IsASecureParameterWithoutDefault()
    {
        Assert.Equal("[parameters('phoneHashSecret')]", Setting("Dunning__PhoneHashSecret"));
        foreach (var template in new[] { templates.Main, Module })
        {
            var parameter = template.Parameters["phoneHashSecret"]!;
            Assert.Equal("securestring", parameter["type"]!.GetValue<string>(), ignoreCase: true);
            Assert.Null(parameter["defaultValue"]);
        }
    }

    [Fact]
    public void FunctionApp_IsTaggedForTheAzdFunctionsService()
    {
        Assert.Equal(
            "[union(parameters('tags'), createObject('azd-service-name', parameters('serviceName')))]",
            Site.Json["tags"]!.GetValue<string>());
        var passed = Module.Deployment!.Properties["parameters"]!["serviceName"]!["value"]!.GetValue<string>();
        Assert.Equal("'functions'", templates.Main.Resolve(passed).Trim('[', ']'));

        var azureYaml = File.ReadAllText(Path.Combine(templates.RepoRoot, "azure.yaml"));
        Assert.Matches(@"(?m)^  functions:\s*$", azureYaml);
        Assert.Matches(@"(?m)^    host: function\s*$", azureYaml);
    }

    [Fact]
    public void FunctionApp_AcceptsNoPublishingPasswordsAndHttpsOnly()
    {
        Assert.True(Site.Properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", Site.Properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        var policies = Module.Resources.Where(r => r.Type == "Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.Properties["allow"]!.GetValue<bool>()));
    }
}
