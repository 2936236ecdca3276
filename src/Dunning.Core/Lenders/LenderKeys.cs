using System.Security.Cryptography;
using System.Text;

namespace Dunning.Core.Lenders;

/// <summary>
/// A lender's own keys for its routes (header x-lender-key). The function key admits a caller to the app;
/// the lender key decides whose rows it may read, so one lender can never read another's. Only SHA-256
/// hashes are stored in the lender's settings.
/// </summary>
public static class LenderKeys
{
    public const string HeaderName = "x-lender-key";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Admits(LenderSettings lender, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var presented = Encoding.ASCII.GetBytes(Hash(key));
        return lender.ApiKeyHashes.Any(stored => CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(stored)));
    }
}
