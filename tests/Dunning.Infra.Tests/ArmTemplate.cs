using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dunning.Infra.Tests;

/// <summary>A compiled ARM template (or a module's nested template) and the resources it declares.</summary>
public sealed partial class ArmTemplate
{
    private ArmTemplate(JsonObject root, ArmTemplate? parent, ArmResource? deployment)
    {
        Root = root;
        Parent = parent;
        Deployment = deployment;
    }

    public JsonObject Root { get; }

    /// <summary>The template holding the module deployment that nests this one; null for an entry template.</summary>
    public ArmTemplate? Parent { get; }

    /// <summary>The Microsoft.Resources/deployments resource (in <see cref="Parent"/>) that nests this template.</summary>
    public ArmResource? Deployment { get; }

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("Template is not a JSON object."), null, null);

    /// <summary>Resources declared directly in this template (languageVersion 2.0 object form or classic array form).</summary>
    public IReadOnlyList<ArmResource> Resources
    {
        get
        {
            var list = new List<ArmResource>();
            switch (Root["resources"])
            {
                case JsonObject byName:
                    foreach (var (symbol, node) in byName)
                    {
                        list.Add(new ArmResource(this, symbol, node!.AsObject()));
                    }

                    break;
                case JsonArray array:
                    list.AddRange(array.Select(node => new ArmResource(this, null, node!.AsObject())));
                    break;
            }

            return list;
        }
    }

    /// <summary>Module templates nested in this one, directly.</summary>
    public IEnumerable<ArmTemplate> Modules =>
        Resources
            .Where(r => r.Type == "Microsoft.Resources/deployments")
            .Select(r => new ArmTemplate(r.Json["properties"]!["template"]!.AsObject(), this, r));

    /// <summary>This template and every template nested in it, depth first.</summary>
    public IEnumerable<ArmTemplate> SelfAndDescendants =>
        new[] { this }.Concat(Modules.SelectMany(m => m.SelfAndDescendants));

    /// <summary>Every resource declared here or in a nested template, deployments included.</summary>
    public IEnumerable<ArmResource> AllResources => SelfAndDescendants.SelectMany(t => t.Resources);

    public JsonObject Variables => Root["variables"] as JsonObject ?? [];

    public JsonObject Parameters => Root["parameters"] as JsonObject ?? [];

    public JsonObject Outputs => Root["outputs"] as JsonObject ?? [];

    /// <summary>The one nested template that declares a resource of <paramref name="type"/>.</summary>
    public ArmTemplate ModuleDeclaring(string type) =>
        Assert.Single(SelfAndDescendants, t => t.Resources.Any(r => !r.IsExisting && r.Type == type));

    /// <summary>
    /// Replaces each <c>variables('name')</c>, optionally followed by <c>.property</c> steps, whose value
    /// is a literal string with that string in quotes, so assertions can read what an expression says.
    /// </summary>
    public string Resolve(string expression) =>
        VariableReference().Replace(expression, match =>
        {
            JsonNode? node = Variables[match.Groups["name"].Value];
            foreach (var step in match.Groups["path"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                node = node is JsonObject obj ? obj[step] : null;
            }

            return node is JsonValue value && value.TryGetValue<string>(out var text) && !text.StartsWith('[')
                ? $"'{text}'"
                : match.Value;
        });

    /// <summary>The literal strings of an array variable whose items are literals or variable references.</summary>
    public IReadOnlyList<string> ResolveArrayVariable(string name)
    {
        var array = Assert.IsType<JsonArray>(Variables[name]);
        return array.Select(item => Resolve(item!.GetValue<string>()).Trim('[', ']').Trim('\'')).ToList();
    }

    [GeneratedRegex(@"variables\('(?<name>[A-Za-z0-9_]+)'\)(?<path>(\.[A-Za-z0-9_]+)*)")]
    private static partial Regex VariableReference();
}

/// <summary>One resource of a compiled template.</summary>
public sealed class ArmResource(ArmTemplate template, string? symbol, JsonObject json)
{
    public ArmTemplate Template { get; } = template;

    /// <summary>Symbolic name (languageVersion 2.0 templates only).</summary>
    public string? Symbol { get; } = symbol;

    public JsonObject Json { get; } = json;

    public string Type => Json["type"]!.GetValue<string>();

    public string Name => Json["name"]!.GetValue<string>();

    public bool IsExisting => Json["existing"]?.GetValue<bool>() ?? false;

    public JsonObject Properties => Json["properties"]?.AsObject() ?? [];

    /// <summary>The string at a dotted path under the resource, with variable references resolved.</summary>
    public string? Text(string path)
    {
        JsonNode? node = Json;
        foreach (var step in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[step] : null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? Template.Resolve(text) : null;
    }

    public override string ToString() => $"{Type} {Symbol ?? Name}";
}

public static class JsonNodeText
{
    private static readonly System.Text.Json.JsonSerializerOptions Unescaped = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The node as JSON with quotes and apostrophes left as they are, so ARM expressions read as written.</summary>
    public static string ToRawJson(this JsonNode node) => node.ToJsonString(Unescaped);
}
