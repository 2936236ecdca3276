using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Dunning.Core.Installments;

/// <summary>
/// PartitionKey = due date + shard ("20261130-07"): one day's scan reads only that day's partitions and
/// the shard spreads a busy day so no partition runs hot.
/// </summary>
public sealed class InstallmentPartitions(int shardCount = InstallmentPartitions.DefaultShardCount)
{
    public const int DefaultShardCount = 16;

    public int ShardCount { get; } = shardCount is >= 1 and <= 100
        ? shardCount
        : throw new ArgumentOutOfRangeException(nameof(shardCount), "Between 1 and 100 shards.");

    public int ShardOf(string lenderId, string loanId)
    {
        // A stable hash (not string.GetHashCode, which is randomised per process).
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(lenderId + "\u001f" + loanId));
        return (int)(hash % (uint)ShardCount);
    }

    public string PartitionKeyFor(DateOnly dueDate, string lenderId, string loanId) =>
        PartitionKey(dueDate, ShardOf(lenderId, loanId));

    public static string PartitionKey(DateOnly dueDate, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{dueDate:yyyyMMdd}-{shard:00}");

    public IEnumerable<string> PartitionsOf(DateOnly dueDate) =>
        Enumerable.Range(0, ShardCount).Select(shard => PartitionKey(dueDate, shard));
}
