using System.Text.Json;

namespace Dunning.Core.Events;

/// <summary>
/// Property lookup that ignores case. Microsoft's own samples disagree on the casing of event data keys (the
/// REST-spec samples write <c>MessageId</c>, the docs <c>messageId</c>, one docs sample mixes <c>Tag</c> into
/// camelCase data) and of <c>specVersion</c>; a key spelled exactly as asked wins over one that differs in case.
/// </summary>
internal static class JsonFields
{
    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            value = default;
            return false;
        }

        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static bool Has(JsonElement element, string name) => TryGet(element, name, out _);
}
