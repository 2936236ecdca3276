namespace Dunning.Core.Events;

/// <summary>HTTP header and query names are case-insensitive whatever dictionary the host hands in.</summary>
internal static class HeaderLookup
{
    public static string? Find(IReadOnlyDictionary<string, string> values, string name)
    {
        if (values.TryGetValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in values)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
