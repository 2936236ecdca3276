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
    public async Task Chaos_ThreeHostsOneKilledMidFlight_NoInvariantBreaksAndNoSenderOverItsLimit()
    {
        // 20 a minute per sender: 300 jobs on three senders take minutes to send, so the limiter decides, on every host.
        var report = await ChaosRunner.RunAsync(new ChaosOptions
        {
            Jobs = 300,
            Instances = 3,
            SenderPermitsPerMinute = 20,
            StorageConnectionString = azurite.ConnectionString,
        });

        output.WriteLine($"{report.Jobs} jobs on {report.Instances} hosts in {report.Seconds:F0} s; kill {report.Kill}; peaks {string.Join(", ", report.SenderPeaks)}; ledger {string.Join(", ", report.LedgerStates)}");
        Assert.True(report.Kill is { MessagesInHand: > 0 }, "no host was killed with messages in hand");
        Assert.True(report.OptOuts > 0 && report.Payments > 0, "no opt-out or payment arrived while jobs waited");
        Assert.Equal(3, report.SenderPeaks.Count);
        // The busiest minute reached near the limit (the limiter, not the book, set the pace) and never past its burst.
        Assert.All(report.SenderPeaks, peak => Assert.InRange(peak.BusiestMinute, 15, peak.Allowed));
        Assert.True(report.Findings.AllZero, string.Join(Environment.NewLine, report.Findings.Examples.Prepend(report.Findings.ToString())));
    }

    [Fact]
    public async Task Chaos_ThreeHostsOneKilledMidFlight_EachPhoneReceivesWhatOneHostSends()
    {
        // Without STOPs and payments, what a phone receives depends only on the book and the caps, not on the hosts.
        ChaosOptions Options(int instances) => new()
        {
            Jobs = 200,
            Instances = instances,
            SenderPermitsPerMinute = 20,
            OptOutFraction = 0,
            PaymentFraction = 0,
            StorageConnectionString = azurite.ConnectionString,
        };

        var single = await ChaosRunner.RunAsync(Options(1));
        var three = await ChaosRunner.RunAsync(Options(3));

        output.WriteLine($"one host {single.Seconds:F0} s, three hosts {three.Seconds:F0} s; kill {three.Kill}");
        Assert.True(single.Findings.AllZero && three.Findings.AllZero, string.Join(Environment.NewLine, single.Findings.Examples.Concat(three.Findings.Examples)));
        Assert.NotNull(three.Kill);
        Assert.Equal(single.Borrowers, single.MessagesPerPhone.Count);
        Assert.Equal(single.MessagesPerPhone.OrderBy(p => p.Key, StringComparer.Ordinal), three.MessagesPerPhone.OrderBy(p => p.Key, StringComparer.Ordinal));
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
