using Dunning.Core.Sending;

namespace Dunning.Core.Messaging;

/// <summary>One broken rule: which rule, and the words that broke it (or the missing field).</summary>
public sealed record LintFinding(string RuleId, string Category, IReadOnlyList<string> Words, string Message);

public sealed record LintReport(IReadOnlyList<LintFinding> Findings, TextEncoding Encoding, int Units, int Segments, Money Cost)
{
    public bool Passed => Findings.Count == 0;

    public override string ToString() => Passed
        ? $"ok: {Encoding}, {Segments} segment(s), {Cost}"
        : string.Join("; ", Findings.Select(f => f.Words.Count == 0 ? f.RuleId : $"{f.RuleId} [{string.Join(", ", f.Words)}]"));
}
