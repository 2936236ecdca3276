namespace Dunning.Local.Diagnostics.Fuzz;

public enum LineExpectation
{
    Header,
    /// <summary>A valid row: it must be stored and must not be reported.</summary>
    Good,
    /// <summary>A row a mutation broke: it must be reported with a reason.</summary>
    Bad,
    /// <summary>An empty row: skipped, neither counted nor reported.</summary>
    Blank,
    /// <summary>An exact repeat of the payment row before it: applied once, so this line counts as unchanged and is reported as a duplicate.</summary>
    Duplicate,
}

/// <summary>One physical line of a generated upload and what the ingest must do with it.</summary>
public sealed record FuzzLine(byte[] Bytes, LineExpectation Expectation);
