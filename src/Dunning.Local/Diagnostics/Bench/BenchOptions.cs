namespace Dunning.Local.Diagnostics.Bench;

/// <summary>Sizes of a benchmark run; <see cref="Quick"/> is the CI run that checks invariants, not speed.</summary>
public sealed class BenchOptions
{
    public int DueInstallments { get; set; } = 20_000;

    public int SmallBook { get; set; } = 100_000;

    public int LargeBook { get; set; } = 1_000_000;

    public int Sends { get; set; } = 2_000;

    public int IngestRows { get; set; } = 1_000_000;

    public string? StorageConnectionString { get; set; }

    public string ArtifactsDirectory { get; set; } = "artifacts";

    /// <summary>The virtual instant the scan and the sends run at: 11:00 in Shanghai.</summary>
    public DateTimeOffset Now { get; set; } = new(2031, 1, 15, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Sizes that finish in well under a minute on a 2-core machine sharing Azurite with others.</summary>
    public static BenchOptions Quick() => new()
    {
        DueInstallments = 500,
        SmallBook = 2_500,
        LargeBook = 5_000,
        Sends = 100,
        IngestRows = 3_000,
    };
}
