using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Dunning.Storage;

namespace Dunning.Local.Diagnostics.Bench;

/// <summary>
/// The storage requests the pipeline made, replayed bare against the rows they touched: each entity read is read
/// again, each entity write writes the same entity back, in the same table; an insert puts a copy of one of that
/// table's own entities into a scratch partition of the same table; a blob read reads the same blob. What Azurite
/// does per request depends on the entity and the table it lives in (its indexes are per table), so this is the
/// bare cost of exactly these requests. Queue requests and entity-group transactions, whose bodies the path does
/// not show, go to a scratch queue and a scratch row with a small body, which makes the ceiling a little higher
/// than the pipeline's own: the ratio errs against the pipeline. Every row it writes back belongs to the bench's
/// own lender, and its inserts are deleted afterwards, so it is safe on an account named with <c>--storage</c>.
/// </summary>
internal sealed partial class OwnRowsReplay(DunningStorage storage, string runId, int parallelism)
{
    private readonly string scratchPartition = $"bench-raw-{runId}";

    /// <summary>Seconds the replay took; reading the entities first and deleting the scratch rows after are not timed.</summary>
    public async Task<double> RunAsync(IReadOnlyList<StorageRequest> requests, int round, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(requests, round, cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            await ReplayAsync(prepared, cancellationToken);
            return Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            await CleanUpAsync(prepared, cancellationToken);
        }
    }

    /// <summary>What the replay needs before its clock starts: every entity it will write back, a sample of each table it inserts into.</summary>
    public async Task<Prepared> PrepareAsync(IReadOnlyList<StorageRequest> requests, int round, CancellationToken cancellationToken)
    {
        var account = storage.Tables.AccountName;
        var operations = requests.Select(r => Parse(r, account)).ToList();
        var entities = await ReadEntitiesAsync(operations, cancellationToken);
        var samples = await SampleEntitiesAsync(operations, entities, cancellationToken);
        var scratchTable = storage.Table($"BenchOwn{runId}r{round}");
        await scratchTable.CreateIfNotExistsAsync(cancellationToken);
        var queue = storage.Queue($"bench-own-{runId}-{round}");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var shuffle = new Random(round);
        return new Prepared([.. operations.OrderBy(_ => shuffle.Next())], entities, samples, scratchTable, queue);
    }

    /// <summary>The requests themselves, <c>parallelism</c> at a time, in a seeded shuffle.</summary>
    public async Task ReplayAsync(Prepared prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var (operations, entities, samples, scratchTable) = (prepared.Operations, prepared.Entities, prepared.Samples, prepared.ScratchTable);
        var inserted = prepared.Inserted;
        var scratchQueue = new ScratchQueue(prepared.Queue);
        await Parallel.ForEachAsync(operations, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (op, ct) =>
            {
                switch (op)
                {
                    case { Service: "table", Method: "GET" or "DELETE", Table: { } table, PartitionKey: { } pk, RowKey: { } rk }:
                        await storage.Table(table).GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
                        break;
                    case { Service: "table", Method: "GET", Table: { } table }:
                        // A query; its filter is not in the path, so the first row of the same table stands in.
                        await foreach (var _ in storage.Table(table).QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: ct))
                        {
                            break;
                        }

                        break;
                    case { Service: "table", Table: { } table, PartitionKey: { } pk, RowKey: { } rk }:
                        var entity = entities.GetValueOrDefault((table, pk, rk)) ?? Scratch(samples[table], inserted, table);
                        await storage.Table(table).UpsertEntityAsync(entity, op.Method == "PUT" ? TableUpdateMode.Replace : TableUpdateMode.Merge, ct);
                        break;
                    case { Service: "table", Method: "POST", Table: { } table } when samples.TryGetValue(table, out var sample):
                        await storage.Table(table).AddEntityAsync(Scratch(sample, inserted, table), ct);
                        break;
                    case { Service: "table", Method: "POST" }:
                        await scratchTable.AddEntityAsync(new TableEntity(scratchPartition, Guid.NewGuid().ToString("N")) { ["Value"] = "x" }, ct);
                        break;
                    case { Service: "queue" }:
                        await scratchQueue.ReplayAsync(op.Method, ct);
                        break;
                    case { Service: "blob", Method: "GET", Container: { } container, Blob: { } blob }:
                        try
                        {
                            await storage.Container(container).GetBlobClient(blob).DownloadContentAsync(ct);
                        }
                        catch (RequestFailedException e) when (e.Status == 404)
                        {
                            // The pipeline's read of a template a lender does not have was a 404 too.
                        }

                        break;
                    case { Service: "blob", Method: "HEAD", Container: { } container, Blob: { } blob }:
                        await storage.Container(container).GetBlobClient(blob).ExistsAsync(ct);
                        break;
                }
            });
    }

    public async Task CleanUpAsync(Prepared prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        foreach (var (table, rowKey) in prepared.Inserted)
        {
            await storage.Table(table).DeleteEntityAsync(scratchPartition, rowKey, cancellationToken: cancellationToken);
        }

        await prepared.Queue.DeleteAsync(cancellationToken);
        await prepared.ScratchTable.DeleteAsync(cancellationToken);
    }

    internal sealed record Prepared(
        IReadOnlyList<Operation> Operations,
        IReadOnlyDictionary<(string, string, string), TableEntity?> Entities,
        IReadOnlyDictionary<string, TableEntity> Samples,
        TableClient ScratchTable,
        Azure.Storage.Queues.QueueClient Queue)
    {
        public ConcurrentBag<(string Table, string RowKey)> Inserted { get; } = [];
    }

    private TableEntity Scratch(TableEntity sample, ConcurrentBag<(string, string)> inserted, string table)
    {
        var copy = new TableEntity(sample) { PartitionKey = scratchPartition, RowKey = Guid.NewGuid().ToString("N"), ETag = default };
        inserted.Add((table, copy.RowKey));
        return copy;
    }

    private async Task<Dictionary<(string, string, string), TableEntity?>> ReadEntitiesAsync(IEnumerable<Operation> operations, CancellationToken cancellationToken)
    {
        var entities = new Dictionary<(string, string, string), TableEntity?>();
        foreach (var key in operations.Where(o => o is { Service: "table", Table: not null, PartitionKey: not null, RowKey: not null })
            .Select(o => (o.Table!, o.PartitionKey!, o.RowKey!)).Distinct())
        {
            var found = await storage.Table(key.Item1).GetEntityIfExistsAsync<TableEntity>(key.Item2, key.Item3, cancellationToken: cancellationToken);
            entities[key] = found.HasValue ? found.Value : null;
        }

        return entities;
    }

    /// <summary>One entity of each table the requests wrote to, the shape a copy inserted there takes.</summary>
    private async Task<Dictionary<string, TableEntity>> SampleEntitiesAsync(
        IEnumerable<Operation> operations, Dictionary<(string Table, string, string), TableEntity?> entities, CancellationToken cancellationToken)
    {
        var samples = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var table in operations.Where(o => o is { Service: "table", Table: not null } && o.Method != "GET").Select(o => o.Table!).Distinct())
        {
            var known = entities.FirstOrDefault(e => e.Key.Table == table && e.Value is not null).Value;
            if (known is null)
            {
                await foreach (var any in storage.Table(table).QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: cancellationToken))
                {
                    known = any;
                    break;
                }
            }

            if (known is not null)
            {
                samples[table] = known;
            }
        }

        return samples;
    }

    internal sealed record Operation(string Service, string Method, string? Table = null, string? PartitionKey = null, string? RowKey = null, string? Container = null, string? Blob = null);

    private static Operation Parse(StorageRequest request, string account)
    {
        var path = Uri.UnescapeDataString(request.Path);
        var prefix = "/" + account + "/";
        path = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path.TrimStart('/');
        switch (request.Service)
        {
            case "table" when EntityPath().Match(path) is { Success: true } entity:
                return new Operation("table", request.Method, entity.Groups["table"].Value, Unquote(entity.Groups["pk"].Value), Unquote(entity.Groups["rk"].Value));
            case "table" when QueryPath().Match(path) is { Success: true } query:
                return new Operation("table", request.Method, query.Groups["table"].Value);
            case "table" when request.Method == "POST" && !path.Contains('$', StringComparison.Ordinal) && !path.Contains('/', StringComparison.Ordinal):
                return new Operation("table", "POST", path);
            case "blob" when path.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash:
                return new Operation("blob", request.Method, Container: path[..slash], Blob: path[(slash + 1)..]);
            default:
                return new Operation(request.Service, request.Method);
        }
    }

    private static string Unquote(string key) => key.Replace("''", "'", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<table>[A-Za-z][A-Za-z0-9]*)\(PartitionKey='(?<pk>.*)',RowKey='(?<rk>.*)'\)$", RegexOptions.Singleline)]
    private static partial Regex EntityPath();

    [GeneratedRegex(@"^(?<table>[A-Za-z][A-Za-z0-9]*)\(\)$")]
    private static partial Regex QueryPath();
}
