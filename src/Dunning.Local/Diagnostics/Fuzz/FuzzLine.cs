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
}

/// <summary>One physical line of a generated upload and what the ingest must do with it.</summary>
public sealed record FuzzLine(byte[] Bytes, LineExpectation Expectation);
