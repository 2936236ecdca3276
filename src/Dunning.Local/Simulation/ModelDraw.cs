using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dunning.Local.Simulation;

/// <summary>
/// The simulation's random numbers: each is a hash of the seed and what it is about (loan, stage, purpose), not
/// the next value of a shared generator. So a borrower faces the same odds under every policy (common random
/// numbers), and results do not depend on the order concurrent handlers happened to finish in.
/// </summary>
public static class ModelDraw
{
    /// <summary>A number in [0, 1).</summary>
    public static double Uniform(int seed, params string[] keys)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(CultureInfo.InvariantCulture) + "\u001f" + string.Join('\u001f', keys)), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>An integer in [min, max).</summary>
    public static int Between(int min, int max, int seed, params string[] keys) =>
        min + (int)Math.Floor(Uniform(seed, keys) * (max - min));
}
