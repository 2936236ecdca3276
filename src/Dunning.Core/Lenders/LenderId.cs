using System.Text.RegularExpressions;

namespace Dunning.Core.Lenders;

/// <summary>
/// Lender ids come from blob paths and routes only, so they are validated once and then safe to use as
/// a partition key, a blob prefix and a log value.
/// </summary>
public static partial class LenderId
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex Shape();

    public static bool IsValid(string? value) => value is not null && Shape().IsMatch(value);

    public static string Require(string? value) =>
        IsValid(value) ? value! : throw new ArgumentException("A lender id is 2-63 characters of a-z, 0-9 and '-'.", nameof(value));
}
