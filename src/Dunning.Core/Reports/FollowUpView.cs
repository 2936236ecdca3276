using Dunning.Core.FollowUps;

namespace Dunning.Core.Reports;

/// <summary>What the lender's staff see of a follow-up: no phone hash, no storage token.</summary>
internal sealed record FollowUpView(
    string Id, FollowUpKind Kind, FollowUpStatus Status, string? BorrowerId, string? Text, DateTimeOffset? TextExpiresAt,
    IReadOnlyList<FollowUpInstallment> Installments, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt,
    string? Outcome, IReadOnlyList<StaffReplyRecord> StaffReplies, ReplyReadingView? Reading, DateOnly? PromisedDate)
{
    public static FollowUpView Of(FollowUp f) =>
        new(f.Id, f.Kind, f.Status, f.BorrowerId, f.Text, f.TextExpiresAt, f.Installments, f.CreatedAt, f.ClosedAt, f.Outcome, f.StaffReplies, ReplyReadingView.Of(f.Reading), f.PromisedDate);
}
