using System.Globalization;

namespace Dunning.Storage;

/// <summary>
/// Conversions for values Azure Tables has no type for. Decimals travel as invariant strings because
/// the table's double would round money.
/// </summary>
internal static class EntityValues
{
    public static string FromDecimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal ToDecimal(string? value) =>
        string.IsNullOrEmpty(value) ? 0m : decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string FromDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ToDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string FromSet(IEnumerable<string> values) => string.Join(',', values.Order(StringComparer.Ordinal));

    public static HashSet<string> ToSet(string? value) =>
        string.IsNullOrEmpty(value) ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(value.Split(','), StringComparer.Ordinal);
}
