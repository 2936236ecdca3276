using Azure.Data.Tables;

namespace Dunning.Storage;

/// <summary>Entity-group transactions: one partition and at most 100 actions each, a few in flight at once.</summary>
internal static class TableBatches
{
    public const int MaxActions = 100;

    public static async Task SubmitAsync<T>(
        TableClient table,
        IEnumerable<T> items,
        Func<T, string> partitionOf,
        Func<T, TableTransactionAction> actionFor,
        CancellationToken cancellationToken)
    {
        var transactions = items
            .GroupBy(partitionOf)
            .SelectMany(group => group.Chunk(MaxActions))
            .Select(chunk => chunk.Select(actionFor).ToList());
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (actions, ct) => await table.SubmitTransactionAsync(actions, ct));
    }
}
