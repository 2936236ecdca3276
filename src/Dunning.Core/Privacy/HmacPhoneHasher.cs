using System.Security.Cryptography;
using System.Text;

namespace Dunning.Core.Privacy;

public sealed class HmacPhoneHasher : IPhoneHasher
{
    private readonly byte[] secret;

    public HmacPhoneHasher(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 16)
        {
            throw new ArgumentException("The phone hash secret must be at least 16 characters.", nameof(secret));
        }

        this.secret = Encoding.UTF8.GetBytes(secret);
    }

    public string Hash(string phoneE164) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(phoneE164)));
}
