namespace Dunning.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class TagTests(BicepTemplates templates)
{
    /// <summary>Resource types that carry no tags in ARM: extension and child resources, and the module deployments.</summary>
    private static bool IsTaggable(ArmResource resource) =>
        !resource.IsExisting
        && resource.Type.Count(c => c == '/') == 1
        && !resource.Type.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase)
        && !resource.Type.Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Follows a resource's tags expression back through module parameters to the entry template and
    /// returns the literal tag object it starts from (null if it cannot be followed).
    /// </summary>
    private static JsonObject? TagsOf(ArmTemplate template, JsonNode? tags)
    {
        switch (tags)
        {
            case JsonObject literal:
                return literal;
            case JsonValue value when value.TryGetValue<string>(out var expression):
                if (expression.Contains("parameters('tags')", StringComparison.Ordinal) && template.Deployment is { } deployment)
                {
                    var passed = deployment.Properties["parameters"]?["tags"]?["value"];
                    return TagsOf(template.Parent!, passed);
                }

                if (expression.Contains("variables('tags')", StringComparison.Ordinal))
                {
                    return TagsOf(template, template.Variables["tags"]);
                }

                return null;
            default:
                return null;
        }
    }

    [Fact]
    public void EveryTaggableResource_IsTaggedWithAzdEnvName()
    {
        var taggable = templates.Main.AllResources.Where(IsTaggable).ToList();
        Assert.True(taggable.Count >= 14, $"Expected the whole system, found {taggable.Count} taggable resources.");
        Assert.All(taggable, resource =>
        {
            var tags = TagsOf(resource.Template, resource.Json["tags"]);
            Assert.True(tags is not null, $"{resource} has no tags that trace back to the entry template.");
            Assert.Equal("[parameters('environmentName')]", tags!["azd-env-name"]?.GetValue<string>());
        });
    }

    [Fact]
    public void ResourceGroup_IsTaggedWithAzdEnvName()
    {
        var group = Assert.Single(templates.Main.Resources, r => r.Type == "Microsoft.Resources/resourceGroups");
        var tags = TagsOf(templates.Main, group.Json["tags"]);
        Assert.Equal("[parameters('environmentName')]", tags!["azd-env-name"]!.GetValue<string>());
    }

    [Fact]
    public void Templates_HardcodeNoRegion()
    {
        var locations = templates.Main.AllResources.Where(r => !r.IsExisting && r.Json["location"] is not null)
            .Select(r => r.Json["location"]!.GetValue<string>())
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(["[parameters('location')]", "global"], locations);
    }
}
