namespace Dunning.Core.Privacy;

/// <summary>Keys derived from phone numbers are HMACs under a configured secret, never the number itself.</summary>
public interface IPhoneHasher
{
    string Hash(string phoneE164);
}
