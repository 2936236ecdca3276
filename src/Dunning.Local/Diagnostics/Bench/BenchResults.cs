namespace Dunning.Local.Diagnostics.Bench;

/// <summary>One timed figure and the raw ceiling it is divided by.</summary>
public sealed record BenchRatio(string Name, double Value, double Goal, bool HigherIsBetter, string Meaning)
{
    public bool MeetsGoal => HigherIsBetter ? Value >= Goal : Value <= Goal;
}

public sealed record ScanBench(
    int DueInstallments,
    int SmallBook,
    int LargeBook,
    double ScanSmallSeconds,
    double ScanLargeSeconds,
    double RawSmallSeconds,
    double RawLargeSeconds,
    int PartitionsRead,
    int ReadSmall,
    int ReadLarge,
    int EnqueuedSmall,
    int EnqueuedLarge);

public sealed record StageTime(string Stage, double Seconds, double Share);

public sealed record SendBench(
    int Messages,
    int Accepted,
    int DistinctTags,
    double SendsPerSecond,
    double RawSendsPerSecond,
    double OwnRowsRawSendsPerSecond,
    double EndToEndRatio,
    double OwnRowsRatio,
    double SegmentsPerMessage,
    IReadOnlyList<StageTime> Stages,
    IReadOnlyDictionary<string, double> StorageRequestsPerMessage,
    double RequestsPerMessage,
    JitWarmth Jit,
    IReadOnlyList<SendRoundSeconds> Rounds);

/// <summary>One round of the end-to-end figure: the pipeline's two steps and the two replays of its requests.</summary>
public sealed record SendRoundSeconds(double Personalize, double Send, double ScratchReplay, double OwnRowsReplay);

/// <summary>How warm the process was: the untimed warm-up passes it took, and the seconds spent JIT compiling inside the timed windows.</summary>
public sealed record JitWarmth(int WarmUpPasses, double PipelineSeconds, double RawReplaySeconds);

public sealed record IngestBench(int Rows, int Stored, double RowsPerSecond, double RawRowsPerSecond, double PeakRssMegabytes);

public sealed record ProjectionRow(string SenderType, double PerSenderPerMinute, string Scope, int SendersNeeded, string Note);

public sealed record Projection(
    int Reminders,
    double WindowHours,
    double SendsPerSecond,
    double SegmentsPerMessage,
    long Segments,
    decimal SegmentCostCny,
    IReadOnlyList<ProjectionRow> Senders,
    int InstancesNeeded,
    double MeasuredSendsPerSecondPerInstance,
    double TableOpsPerSecond,
    double QueueMessagesPerSecond,
    IReadOnlyList<string> Inputs);

public sealed record BenchReport(
    bool Quick,
    double Seconds,
    ScanBench Scan,
    SendBench Sends,
    IngestBench Ingest,
    IReadOnlyList<BenchRatio> Ratios,
    Projection Projection,
    IReadOnlyList<string> InvariantFailures)
{
    public bool InvariantsHold => InvariantFailures.Count == 0;
}
