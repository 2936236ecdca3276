namespace Dunning.Core.Events;

/// <summary>A stretch of a reply between sentence marks; <see cref="IsQuestion"/> when it ended in a question mark.</summary>
public sealed record ReplyClause(IReadOnlyList<ReplyToken> Tokens, bool IsQuestion);
