namespace Dunning.Local.Diagnostics.Fuzz;

/// <summary>
/// A mutated upload. When <see cref="Structural"/> is set, a mutation (truncation, an unclosed quote, an unmarked
/// encoding) makes line-by-line expectations meaningless, and only the ingest's own bookkeeping can be checked.
/// </summary>
public sealed record MutatedCsv(byte[] Content, IReadOnlyList<string> Mutations, IReadOnlyList<FuzzLine> Lines, bool Structural)
{
    /// <summary>1-based line numbers with the given expectation.</summary>
    public IReadOnlyList<int> LinesWhere(LineExpectation expectation) =>
        [.. Lines.Select((line, index) => (line, index)).Where(x => x.line.Expectation == expectation).Select(x => x.index + 1)];
}
