using System.Text;

namespace Dunning.Storage;

/// <summary>
/// Table keys forbid '/', '\', '#', '?' and control characters; lender-supplied ids (loan ids) may hold them.
/// Escaping is reversible and leaves ordinary ids untouched so keys stay readable.
/// </summary>
public static class TableKeys
{
    public static string Escape(string value)
    {
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string value)
    {
        if (!value.Contains('%'))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 4 < value.Length)
            {
                builder.Append((char)Convert.ToInt32(value.Substring(i + 1, 4), 16));
                i += 4;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>An OData string literal for a filter: single quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
