namespace Dunning.Core.Messaging;

/// <summary>
/// What <see cref="StageMessageComposer"/> made of a stage: the template, text and lint of the message to send, or,
/// when nothing passed, the template the borrower would have got (<see cref="RejectedTemplateId"/>).
/// </summary>
public sealed record StageMessage
{
    /// <summary>The contact log's reason for a send that used the short variant.</summary>
    public const string ShortVariantReason = "short-variant";

    public MessageTemplate? Template { get; init; }
    public string? Text { get; init; }
    public LintReport? Lint { get; init; }

    /// <summary>The full text failed the segment budget and the stage's short variant went instead.</summary>
    public bool IsShortVariant { get; init; }

    /// <summary>When nothing passed: the first candidate, so the report can count the rejection against it.</summary>
    public string? RejectedTemplateId { get; init; }

    public bool Composed => Template is not null && Text is not null && Lint is not null;

    /// <summary>The reason the contact log records with the send: null for the full text.</summary>
    public string? SendReason => IsShortVariant ? ShortVariantReason : null;
}
