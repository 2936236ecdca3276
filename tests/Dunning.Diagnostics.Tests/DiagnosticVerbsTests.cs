using Dunning.Local.Diagnostics.Bench;
using Dunning.Local.Diagnostics.Chaos;
using Dunning.Local.Diagnostics.Fuzz;
using Dunning.Testing;
using Xunit.Abstractions;

namespace Dunning.Diagnostics.Tests;

/// <summary>
/// The CI runs of the three verbs (chaos --jobs 500, fuzz --files 50, bench --quick) on the test assembly's Azurite:
/// the build fails when an invariant breaks. Speed is reported, never asserted.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DiagnosticVerbsTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Chaos_500JobsUnderEveryFault_NoInvariantBreaks()
    {
        var report = await ChaosRunner.RunAsync(new ChaosOptions { Jobs = 500, StorageConnectionString = azurite.ConnectionString });

        output.WriteLine($"{report.Jobs} jobs in {report.Seconds:F0} s; faults {report.Faults}; ledger {string.Join(", ", report.LedgerStates)}");
        Assert.True(report.Faults.ServerErrors > 0 && report.Faults.Throttled > 0 && report.Faults.LostResponses > 0 && report.Faults.OutboxDuplicates > 0,
            "the faults were not injected");
        Assert.True(report.OptOuts > 0 && report.Payments > 0, "no opt-out or payment arrived while jobs waited");
        Assert.True(report.Findings.AllZero, string.Join(Environment.NewLine, report.Findings.Examples.Prepend(report.Findings.ToString())));
    }

    [Fact]
    public async Task Fuzz_50Files_NoCrashNo5xxEveryRowAccountedFor()
    {
        var report = await FuzzRunner.RunAsync(new FuzzOptions { Files = 50, StorageConnectionString = azurite.ConnectionString });

        output.WriteLine($"{report.Files} files in {report.Seconds:F0} s: {report.RowsRead} rows read, {report.RowsStored} stored, {report.RowsRejected} rejected");
        Assert.True(report.RowsRejected > 0 && report.RowsStored > 0, "the fuzz run stored or rejected nothing");
        Assert.True(report.Findings.AllZero, string.Join(Environment.NewLine, report.Findings.Examples.Prepend(report.Findings.ToString())));
    }

    [Fact]
    public async Task BenchQuick_ScanFindsExactlyTheDueRowsAndEverySendReachesAcsOnce()
    {
        var options = BenchOptions.Quick();
        options.StorageConnectionString = azurite.ConnectionString;

        var report = await BenchRunner.RunAsync(options, quick: true);

        output.WriteLine($"bench --quick in {report.Seconds:F0} s: " + string.Join("; ", report.Ratios.Select(r => $"{r.Name} = {r.Value:F2}")));
        Assert.Empty(report.InvariantFailures);
        Assert.Equal(options.DueInstallments, report.Scan.EnqueuedLarge);
        Assert.Equal(options.Sends, report.Sends.DistinctTags);
        Assert.Equal(options.IngestRows, report.Ingest.Stored);

        // The end-to-end figure is the median of the rounds' own ratios, each round's pipeline against its own replay.
        Assert.Equal(3, report.Sends.Rounds.Count);
        var roundRatios = report.Sends.Rounds.Select(r => r.ScratchReplay / (r.Personalize + r.Send)).Order().ToList();
        Assert.Equal(roundRatios[1], report.Sends.EndToEndRatio, 9);
        Assert.Equal(report.Sends.EndToEndRatio, report.Ratios.Single(r => r.Name.StartsWith("end-to-end", StringComparison.Ordinal)).Value);
        Assert.InRange(report.Sends.Jit.WarmUpPasses, 1, 12);
    }
}
