namespace Dunning.Local.Diagnostics.Fuzz;

/// <summary>What a fuzz run found; every count must be zero.</summary>
public sealed record FuzzFindings(
    int Crashes,
    int ServerErrors,
    int CountMismatches,
    int RejectedLinesNotReported,
    int ReportRowsWithoutReason,
    int UnsafeCells,
    int BadRowsAccepted,
    int GoodRowsRejected,
    int GoodRowsNotStored,
    int ValidBodiesRefused,
    IReadOnlyList<string> Examples)
{
    public bool AllZero => Crashes == 0 && ServerErrors == 0 && CountMismatches == 0 && RejectedLinesNotReported == 0
        && ReportRowsWithoutReason == 0 && UnsafeCells == 0 && BadRowsAccepted == 0 && GoodRowsRejected == 0
        && GoodRowsNotStored == 0 && ValidBodiesRefused == 0;
}

public sealed record FuzzReport(
    int Files,
    int Seed,
    double Seconds,
    int RowsRead,
    int RowsStored,
    int RowsRejected,
    IReadOnlyDictionary<string, int> CsvMutations,
    IReadOnlyDictionary<string, int> BodyMutations,
    IReadOnlyDictionary<string, int> StatusCodes,
    FuzzFindings Findings)
{
    public bool Passed => Findings.AllZero;
}
