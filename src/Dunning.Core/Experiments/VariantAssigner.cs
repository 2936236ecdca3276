using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dunning.Core.Experiments;

/// <summary>
/// Deterministic assignment: the same borrower always lands in the same arm of the same experiment, on every
/// host and every retry, and different experiments split the book independently.
/// </summary>
public static class VariantAssigner
{
    public static ExperimentVariant Assign(ExperimentDefinition experiment, string borrowerId)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (experiment.Variants.Count == 0)
        {
            throw new ArgumentException("An experiment needs at least one variant.", nameof(experiment));
        }

        return experiment.Variants[(int)(Bucket(experiment.Id, borrowerId) % (ulong)experiment.Variants.Count)];
    }

    /// <summary>A uniform 64-bit number from the pair; SHA-256 so arms do not correlate with id patterns.</summary>
    public static ulong Bucket(string experimentId, string borrowerId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(experimentId + "\u001f" + borrowerId), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
