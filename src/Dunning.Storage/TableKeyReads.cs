using Azure.Data.Tables;

namespace Dunning.Storage;

/// <summary>
/// Many rows of one partition read by key. Uploads list their rows in key order, so a single range query over
/// the lowest to the highest key usually covers a whole chunk; when the range holds far more rows than were
/// asked for, the query stops early and point reads fetch what it did not reach.
/// </summary>
internal static class TableKeyReads
{
    /// <summary>Rows the range query may return per key asked for before point reads become cheaper.</summary>
    private const int RangeBudgetPerKey = 3;

    private const int MaxParallelPointReads = 16;

    public static async Task<Dictionary<string, T>> ReadAsync<T>(
        TableClient table, string partitionKey, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var wanted = rowKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return found;
        }

        var wantedSet = wanted.ToHashSet(StringComparer.Ordinal);
        var filter = $"PartitionKey eq {TableKeys.Literal(partitionKey)} and RowKey ge {TableKeys.Literal(wanted[0])} and RowKey le {TableKeys.Literal(wanted[^1])}";
        var budget = wanted.Count * RangeBudgetPerKey;
        await foreach (var row in table.QueryAsync<T>(filter, cancellationToken: cancellationToken))
        {
            if (wantedSet.Contains(row.RowKey))
            {
                found[row.RowKey] = row;
            }

            if (--budget == 0)
            {
                await ReadMissingAsync(table, partitionKey, wanted, found, cancellationToken);
                break;
            }
        }

        return found;
    }

    private static async Task ReadMissingAsync<T>(
        TableClient table, string partitionKey, List<string> wanted, Dictionary<string, T> found, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var missing = wanted.Where(key => !found.ContainsKey(key)).ToList();
        var results = new T?[missing.Count];
        await Parallel.ForAsync(0, missing.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPointReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var row = await table.GetEntityIfExistsAsync<T>(partitionKey, missing[i], cancellationToken: ct);
                results[i] = row.HasValue ? row.Value : null;
            });
        foreach (var row in results.OfType<T>())
        {
            found[row.RowKey] = row;
        }
    }
}
