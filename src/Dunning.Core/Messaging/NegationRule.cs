using System.Text.RegularExpressions;

namespace Dunning.Core.Messaging;

/// <summary>
/// How one language negates a forbidden phrase. A match is negated when the normalized text right before it, in
/// the same clause, is a cue followed only by filler words: "we will never | contact your family", "我们不会 | 联系您的家人",
/// "no officers will | visit". Anything else between cue and phrase ("if you do not pay we will | contact your
/// family", "不还款就 | 上门") leaves the threat standing, and punctuation is never a filler, so a negation in an
/// earlier clause does not reach the phrase. Every list holds regular-expression fragments.
/// </summary>
public sealed record NegationRule
{
    public required string Language { get; init; }

    /// <summary>Words that negate: never, not, n't, 不会, 绝不.</summary>
    public IReadOnlyList<string> Cues { get; init; } = [];

    /// <summary>Words that may stand between the cue and the phrase without changing who does what: will, ever, 再, 主动.</summary>
    public IReadOnlyList<string> Fillers { get; init; } = [];

    /// <summary>A verb joined by "or" right before the phrase, under the same negation: "never call or | visit your family".</summary>
    public IReadOnlyList<string> Coordinated { get; init; } = [];

    /// <summary>
    /// Words that join a second forbidden phrase to a negated one, which the negation then governs too: "never contact
    /// your employer | or your | family", "不会张贴海报 | 或 | 大字报". Only these may stand between the two phrases, so a
    /// new clause ("…, and we will contact your family") or a new subject (或者我们将上门) is not governed.
    /// </summary>
    public IReadOnlyList<string> Coordinators { get; init; } = [];

    /// <summary>Words that turn a cue into a double negative right before it: 别以为我们 | 不知道 ("don't think we don't know").</summary>
    public IReadOnlyList<string> NotAfter { get; init; } = [];

    /// <summary>What separates words: "\\s+" where words are spaced (English), "\\s*" where they are not (Chinese).</summary>
    public string Separator { get; init; } = @"\s+";

    internal Regex Compile()
    {
        var doubted = NotAfter.Count == 0 ? "" : $"(?<!{Alternatives(NotAfter)}\\s*)";
        var cues = doubted + Alternatives(Cues);
        var fillers = Fillers.Count == 0 ? null : $"(?:{Separator}{Alternatives(Fillers)})*";
        var coordinated = Coordinated.Count == 0 ? null : $"(?:{Separator}{Alternatives(Coordinated)})?";
        return new Regex($"{cues}{fillers}{coordinated}\\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
    }

    /// <summary>What must stand, alone, between a negated phrase and the next one for the negation to reach it; null when none can.</summary>
    internal Regex? CompileCoordination() =>
        Coordinators.Count == 0
            ? null
            : new Regex($"^\\s*{Alternatives(Coordinators)}\\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    private static string Alternatives(IEnumerable<string> fragments) => "(?:" + string.Join("|", fragments.Select(f => $"(?:{f})")) + ")";
}
