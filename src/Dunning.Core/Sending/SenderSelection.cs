using System.IO.Hashing;
using System.Text;

namespace Dunning.Core.Sending;

/// <summary>
/// Picks a lender's sender id for a borrower. Stable per borrower (a borrower always hears from the same number,
/// which carriers and borrowers both trust more) and spread evenly across the lender's senders.
/// </summary>
public static class SenderSelection
{
    public static string For(IReadOnlyList<string> senderIds, string borrowerKey)
    {
        ArgumentNullException.ThrowIfNull(senderIds);
        if (senderIds.Count == 0)
        {
            throw new ArgumentException("The lender has no sender ids.", nameof(senderIds));
        }

        // XxHash64 is stable across processes and versions, unlike string.GetHashCode.
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(borrowerKey));
        return senderIds[(int)(hash % (ulong)senderIds.Count)];
    }
}
