namespace Dunning.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class RoleAssignmentTests(BicepTemplates templates)
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CommunicationAndEmailServiceOwner = "09976791-48a7-449e-bb21-39d1a415f350";

    private static readonly string[] BroadRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
        "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", // User Access Administrator
        "f58310d9-a9f6-439a-9e8d-f62e7b41a168", // Role Based Access Control Administrator
        "17d1049b-9a84-46fb-8f53-869881c3d3ab", // Storage Account Contributor
    ];

    private ArmTemplate Identity => templates.Main.ModuleDeclaring("Microsoft.ManagedIdentity/userAssignedIdentities");

    private IEnumerable<ArmResource> Assignments(ArmTemplate template) =>
        template.Resources.Where(r => r.Type == "Microsoft.Authorization/roleAssignments");

    /// <summary>Assignments to the app's user-assigned identity: principalId is that identity's principalId.</summary>
    private List<ArmResource> AppAssignments
    {
        get
        {
            var identity = Assert.Single(Identity.Resources, r => r.Type == "Microsoft.ManagedIdentity/userAssignedIdentities");
            return Assignments(Identity)
                .Where(a => a.Text("properties.principalId") == $"[reference('{identity.Symbol}').principalId]")
                .ToList();
        }
    }

    private static string RoleId(ArmResource assignment)
    {
        var definition = assignment.Text("properties.roleDefinitionId")!;
        Assert.StartsWith("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '", definition);
        return definition.Split('\'')[3];
    }

    private static string ScopeType(ArmResource assignment) =>
        assignment.Text("scope")!.Split('\'')[1];

    [Fact]
    public void AppIdentity_HoldsExactlyTheRolesItNeeds_EachOnItsOwnResource()
    {
        var granted = AppAssignments
            .Select(a => (Role: RoleId(a), Scope: ScopeType(a), Type: a.Text("properties.principalType")))
            .OrderBy(g => g.Role, StringComparer.Ordinal)
            .ToList();

        (string, string, string?)[] expected =
        [
            (TableDataContributor, "Microsoft.Storage/storageAccounts", "ServicePrincipal"),
            (CommunicationAndEmailServiceOwner, "Microsoft.Communication/communicationServices", "ServicePrincipal"),
            (MetricsPublisher, "Microsoft.Insights/components", "ServicePrincipal"),
            (QueueDataContributor, "Microsoft.Storage/storageAccounts", "ServicePrincipal"),
            (BlobDataOwner, "Microsoft.Storage/storageAccounts", "ServicePrincipal"),
        ];
        Assert.Equal(expected.OrderBy(e => e.Item1, StringComparer.Ordinal), granted);
    }

    [Fact]
    public void AppIdentity_RoleAssignmentNamesAreDeterministicGuids()
    {
        Assert.All(AppAssignments, a => Assert.StartsWith("[guid(", a.Name));
    }

    [Fact]
    public void DeployingUser_GetsTheSameStorageDataRoles_OnlyWhenPrincipalIdIsGiven()
    {
        var user = Assert.Single(Assignments(Identity), a => a.Text("properties.principalId") == "[parameters('principalId')]");
        Assert.Equal(
            "[length(if(empty(parameters('principalId')), createArray(), variables('storageDataRoles')))]",
            user.Json["copy"]!["count"]!.GetValue<string>());
        Assert.Equal([BlobDataOwner, QueueDataContributor, TableDataContributor], Identity.ResolveArrayVariable("storageDataRoles"));
        Assert.Equal("Microsoft.Storage/storageAccounts", ScopeType(user));
        Assert.Equal(string.Empty, templates.Main.Parameters["principalId"]!["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void LenderUploader_IsConfinedToItsOwnPrefixByAnAbacCondition()
    {
        var lender = Assert.Single(Assignments(Identity), a => a.Text("properties.principalId") == "[parameters('lenderUploaders')[copyIndex()].principalId]");
        Assert.Equal("2.0", lender.Properties["conditionVersion"]!.GetValue<string>());
        var condition = lender.Text("properties.condition")!;
        Assert.Contains("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith ''{2}/''", condition);
        Assert.Contains("parameters('lenderUploaders')[copyIndex()].lenderId", condition);
        Assert.Contains("variables('lenderContainerClause')", condition);
        Assert.Equal(["schedules", "payments"], Identity.ResolveArrayVariable("uploadContainers"));
    }

    [Fact]
    public void LenderUploaderRole_HasBlobDataActionsOnly()
    {
        var role = Assert.Single(Identity.Resources, r => r.Type == "Microsoft.Authorization/roleDefinitions");
        var permissions = Assert.Single(role.Properties["permissions"]!.AsArray())!;
        Assert.Empty(permissions["actions"]!.AsArray());
        Assert.Equal("[variables('lenderBlobActions')]", permissions["dataActions"]!.GetValue<string>());
        Assert.All(
            Identity.ResolveArrayVariable("lenderBlobActions"),
            action => Assert.StartsWith("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/", action));
        Assert.DoesNotContain(Identity.ResolveArrayVariable("lenderBlobActions"), a => a.EndsWith("/delete", StringComparison.Ordinal));
    }

    [Fact]
    public void EventGridTopics_CanWriteDeadLettersToTheirContainerOnly()
    {
        var events = templates.Main.ModuleDeclaring("Microsoft.EventGrid/systemTopics");
        var writers = Assignments(events).ToList();
        Assert.Equal(2, writers.Count);
        Assert.All(writers, w =>
        {
            Assert.Equal(BlobDataContributor, events.Resolve(w.Text("properties.roleDefinitionId")!).Split('\'')[3]);
            Assert.StartsWith("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers'", w.Text("scope"));
            Assert.Contains("parameters('deadLetterContainerName')", w.Text("scope"));
            Assert.Contains("'Microsoft.EventGrid/systemTopics'", w.Text("properties.principalId"));
            Assert.EndsWith(".identity.principalId]", w.Text("properties.principalId"));
        });
    }

    [Fact]
    public void RoleAssignments_AreNeverBroadAndAlwaysScopedToAResource()
    {
        var all = templates.Main.AllResources.Concat(templates.Events.AllResources)
            .Where(r => r.Type == "Microsoft.Authorization/roleAssignments")
            .ToList();
        Assert.Equal(9, all.Count);
        Assert.All(all, a =>
        {
            var definition = a.Template.Resolve(a.Text("properties.roleDefinitionId")!);
            Assert.DoesNotContain(BroadRoles, definition.Contains);
            Assert.False(string.IsNullOrEmpty(a.Text("scope")), $"{a} has no resource scope: it would apply to the whole resource group.");
        });
    }
}
