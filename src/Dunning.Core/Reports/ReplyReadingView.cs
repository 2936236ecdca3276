using Dunning.Core.Events;
using Dunning.Core.FollowUps;

namespace Dunning.Core.Reports;

/// <summary>
/// How a reply was read, as the console shows it: the intent, whether it was doubtful and why (each doubt by name),
/// what else the reply asked for, and the deciding phrase with its language while the lender keeps reply text.
/// </summary>
public sealed record ReplyReadingView(
    ReplyIntent Intent, bool Doubtful, IReadOnlyList<ReplyDoubt> Doubts, IReadOnlyList<ReplyIntent> AlsoAsked,
    string? Language, string? Phrase, string? MatchedWords)
{
    /// <summary>Null for a follow-up stored before readings were kept: the console says "not recorded".</summary>
    public static ReplyReadingView? Of(ReplyReading? reading) => reading is null
        ? null
        : new(reading.Intent, reading.IsDoubtful, reading.Doubts, reading.AlsoAsked, reading.Language, reading.Phrase, reading.MatchedWords);
}
