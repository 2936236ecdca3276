using System.Security.Cryptography;
using System.Text;

namespace Dunning.Core.Events;

/// <summary>
/// The local host's stand-in for the Functions host key check: the key comes in the <c>x-functions-key</c>
/// header or the <c>code</c> query value, exactly as Azure Functions accepts it, and is compared in constant time.
/// </summary>
public sealed class SharedKeyAuthenticator
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    private readonly byte[] expectedHash;

    public SharedKeyAuthenticator(string sharedKey)
    {
        // Strength is the configuring host's call (its options validation); an empty key would let anyone in.
        if (string.IsNullOrWhiteSpace(sharedKey))
        {
            throw new ArgumentException("The shared key must not be empty.", nameof(sharedKey));
        }

        expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(sharedKey));
    }

    public bool IsAuthorized(IReadOnlyDictionary<string, string> headers, IReadOnlyDictionary<string, string>? query = null)
    {
        var presented = HeaderLookup.Find(headers, HeaderName) ?? (query is null ? null : HeaderLookup.Find(query, QueryName));
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        // Hashing first makes the comparison length-independent as well as constant-time.
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }

    /// <summary>Null when the call may proceed, otherwise the 401 to return.</summary>
    public HttpReply? Challenge(IReadOnlyDictionary<string, string> headers, IReadOnlyDictionary<string, string>? query = null) =>
        IsAuthorized(headers, query) ? null : HttpReply.Problem(401, "A valid function key is required (x-functions-key header or code query value).");
}
