using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dunning.Core.Lenders;

/// <summary>
/// <c>key=value</c> edits of a settings document, as <c>lender set</c> takes them: <c>maxMessagesPerDay=1</c>,
/// <c>sendWindow.from=09:00</c>, <c>payMethods.en=at pay.example.com</c>, <c>stages=T-3,T0,T+3</c>. A value that
/// is JSON (a number, true, a quoted text, a list) is taken as such; anything else is text, and a list setting
/// splits plain text on commas. An empty value removes the setting, so it takes its default again.
/// </summary>
public static class LenderSettingsAssignments
{
    private static readonly Dictionary<string, Type> FieldTypes = typeof(LenderSettingsDocument).GetProperties()
        .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.PropertyType, StringComparer.OrdinalIgnoreCase);

    /// <summary>The document with the assignments applied, or the reasons an assignment cannot be read.</summary>
    public static (string? Json, IReadOnlyList<SettingsProblem> Problems) Apply(string documentJson, IEnumerable<string> assignments)
    {
        var document = JsonNode.Parse(documentJson, new JsonNodeOptions { PropertyNameCaseInsensitive = true },
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject ?? [];
        var problems = new List<SettingsProblem>();
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(new SettingsProblem(assignment, "is not key=value, e.g. maxMessagesPerDay=1"));
                continue;
            }

            var path = assignment[..equals].Trim().Split('.');
            var value = assignment[(equals + 1)..];
            if (!FieldTypes.TryGetValue(path[0], out var type))
            {
                problems.Add(new SettingsProblem(path[0], $"is not a setting (known: {string.Join(", ", LenderSettingsDocument.FieldNames)})"));
                continue;
            }

            var name = JsonNamingPolicy.CamelCase.ConvertName(FieldTypes.Keys.First(k => k.Equals(path[0], StringComparison.OrdinalIgnoreCase)));
            var isObject = type == typeof(Dictionary<string, string>) || type == typeof(SendWindowDocument);
            if (path.Length > 2 || (path.Length == 2 && !isObject))
            {
                problems.Add(new SettingsProblem(string.Join('.', path), $"{name} has no parts to set one by one"));
                continue;
            }

            var parent = document;
            var key = name;
            if (path.Length == 2)
            {
                parent = RemoveCaseInsensitive(document, name) as JsonObject ?? [];
                document[name] = parent;
                key = path[1];
            }
            else
            {
                RemoveCaseInsensitive(document, name);
            }

            if (value.Length > 0)
            {
                parent[key] = ValueOf(value, path.Length == 2 ? typeof(string) : type);
            }
        }

        return problems.Count > 0 ? (null, problems) : (document.ToJsonString(LenderSettingsDocument.Json), []);
    }

    private static JsonNode? RemoveCaseInsensitive(JsonObject document, string name)
    {
        var existing = document.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (existing.Key is null)
        {
            return null;
        }

        var node = existing.Value;
        document.Remove(existing.Key);
        return node;
    }

    private static JsonNode? ValueOf(string text, Type type)
    {
        JsonNode? parsed = null;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Not JSON: plain text.
        }

        if (type == typeof(string))
        {
            return parsed is JsonValue value && value.TryGetValue<string>(out var quoted) ? quoted : text;
        }

        if (type == typeof(List<string>) && parsed is not JsonArray)
        {
            return new JsonArray([.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode)s)]);
        }

        return parsed ?? JsonValue.Create(text);
    }
}
