namespace Dunning.Core.Schedules;

/// <summary>One value as split from a record: its text, what was wrong with its quoting, and the lines it starts and ends on.</summary>
internal sealed record ParsedField(string Value, string? QuoteProblem, long FirstLine, long LastLine)
{
    public bool SpansLines => LastLine != FirstLine;
}
