using Dunning.Core.Sending.Throughput;
using Dunning.Core.Experiments;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Local.Simulation;

/// <summary>What a simulation hands the local pipeline before it starts: the virtual clock, the emulator's unreachable numbers and the experiment policy.</summary>
public sealed record SimulationSetup(
    LocalPipelineOptions PipelineOptions,
    FakeTimeProvider Time,
    IReadOnlySet<string> Undeliverable,
    ExperimentTally Tally,
    AdaptiveVariantPolicy Variants)
{
    public static SimulationSetup For(SimulationOptions options, IReadOnlyList<SampleBorrower> book, string? storageConnectionString = null)
    {
        var time = new FakeTimeProvider(options.Start);
        var undeliverable = book
            .Where(b => ModelDraw.Uniform(options.Seed, b.Phone, "undeliverable") < options.Model.UndeliverableShare)
            .Select(b => b.Phone)
            .ToHashSet(StringComparer.Ordinal);
        var tally = new ExperimentTally();
        var variants = new AdaptiveVariantPolicy(tally, new ThompsonSampler(options.Seed));
        var pipelineOptions = new LocalPipelineOptions
        {
            Time = time,
            StorageConnectionString = storageConnectionString,
            RunBackgroundLoops = false,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(2),
            // A generated book of thousands, scanned every simulated hour: one shard keeps the scan's query count
            // at one per stage date instead of sixteen, which is what a lender of this size would configure.
            ShardCount = 1,
            ConfigureEmulator = emulator =>
            {
                emulator.UndeliverableNumbers = undeliverable;
                emulator.DeliveryReportDelay = TimeSpan.FromMinutes(1);
            },
            ConfigureServices = services =>
            {
                services.AddSingleton<IVariantPolicy>(variants);

                // The simulation studies borrowers, and steps its clock an hour at a time: a send held back a few
                // seconds by a sender limit would wait a whole simulated hour. Sender pacing is chaos's to prove.
                services.AddSingleton<ISenderPermits, UnlimitedSenderPermits>();
            },
        };
        return new SimulationSetup(pipelineOptions, time, undeliverable, tally, variants);
    }
}
