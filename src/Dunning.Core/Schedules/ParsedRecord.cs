namespace Dunning.Core.Schedules;

/// <summary>A record split into values, with the physical lines it took and the value whose quote was never closed.</summary>
internal sealed class ParsedRecord
{
    public List<ParsedField> Fields { get; } = [];

    public List<PhysicalLine> Lines { get; } = [];

    /// <summary>The index of a value whose opening quote is not closed before the end of the file (or the length limit).</summary>
    public int? UnclosedField { get; set; }

    public bool HitLengthLimit { get; set; }

    public void Add(string value, string? quoteProblem, long firstLine, long lastLine) => Fields.Add(new ParsedField(value, quoteProblem, firstLine, lastLine));
}
