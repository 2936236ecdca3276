using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Schedules;

namespace Dunning.Core.Tests.Fakes;

public sealed class InMemoryLenderDirectory(params LenderSettings[] lenders) : ILenderDirectory
{
    private readonly Dictionary<string, LenderSettings> settings = lenders.ToDictionary(l => l.LenderId);

    public Task<LenderSettings?> FindAsync(string lenderId, CancellationToken cancellationToken = default) =>
        Task.FromResult(settings.GetValueOrDefault(lenderId));

    public Task SaveAsync(LenderSettings lender, CancellationToken cancellationToken = default)
    {
        settings[lender.LenderId] = lender;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListLenderIdsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. settings.Keys]);
}

public sealed class RecordingJobQueue : IJobQueue
{
    public List<(ReminderJobBatch Batch, TimeSpan Delay)> Messages { get; } = [];

    public IEnumerable<ReminderJob> Jobs { get { lock (Messages) { return [.. Messages.SelectMany(m => m.Batch.Jobs)]; } } }

    public Task EnqueueAsync(ReminderJobBatch batch, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        lock (Messages)
        {
            Messages.Add((batch, delay));
        }

        return Task.CompletedTask;
    }
}

public sealed class RecordingResultStore : IIngestResultStore
{
    public List<IngestResult> Results { get; } = [];

    public IngestResult Last => Results[^1];

    public Task<(string CsvPath, string JsonPath)> WriteAsync(IngestResult result, CancellationToken cancellationToken = default)
    {
        Results.Add(result);
        return Task.FromResult(($"{result.LenderId}/{result.FileName}.errors.csv", $"{result.LenderId}/{result.FileName}.summary.json"));
    }
}
