using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dunning.Core.FollowUps;

/// <summary>
/// Follow-up ids sort by creation time and are derived from the inbound message, so a redelivered event
/// lands on the same row instead of a second one.
/// </summary>
public static class FollowUpIds
{
    public static string For(DateTimeOffset createdAt, string sourceKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sourceKey));
        return string.Create(CultureInfo.InvariantCulture, $"{createdAt.UtcDateTime:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(hash, 0, 6)}");
    }

    /// <summary>The smallest id a follow-up created at or after <paramref name="at"/> can have (a row-key range bound).</summary>
    public static string LowerBound(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyyMMddHHmmssfff}");

    /// <summary>Ids are 17 digits, a dash and 12 hex characters; anything else from a route is rejected early.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 30 } && id[17] == '-'
        && id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') is false
        && id.AsSpan(18).ContainsAnyExcept("0123456789abcdef") is false;
}
