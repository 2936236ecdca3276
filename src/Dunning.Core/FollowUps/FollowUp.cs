namespace Dunning.Core.FollowUps;

public enum FollowUpKind
{
    /// <summary>The borrower says they paid: staff check the payment before reminders resume.</summary>
    VerifyPayment,
    /// <summary>The borrower asks for a plan or says they cannot pay: escalation waits for staff.</summary>
    PlanRequest,
    /// <summary>Someone who is not the borrower answers the number.</summary>
    WrongNumber,
    /// <summary>Anything no phrase matched: staff read it (until the retention period ends).</summary>
    FreeText,
    /// <summary>A reply from a number (or to a sender id) no lender knows.</summary>
    UnknownSender,
    /// <summary>
    /// A certain opt-out that says more ("stop texting me, I will pay Friday"): the number is opted out as for a bare
    /// STOP, and staff read the rest (a promise, a hardship, a complaint) but cannot answer it by SMS.
    /// </summary>
    OptOutSaidMore,
    /// <summary>
    /// The borrower promises to pay, on <see cref="FollowUp.PromisedDate"/> when they named a day: reminders pause until
    /// the day after, and staff check on that day whether the money came.
    /// </summary>
    PromiseToPay,
}

public enum FollowUpStatus
{
    Open,
    Closed,
}

/// <summary>An installment a follow-up concerns (a paid claim or a plan request can cover several).</summary>
public sealed record FollowUpInstallment(string LoanId, int InstallmentNo);

/// <summary>
/// A task for the lender's staff (or the platform team, lender id <see cref="PlatformLenderId"/>) raised by a borrower reply.
/// Holds the HMAC of the number, never the number; free text only until <see cref="TextExpiresAt"/>.
/// </summary>
public sealed record FollowUp
{
    /// <summary>The pseudo lender that owns follow-ups for replies no lender could be matched to.</summary>
    public const string PlatformLenderId = "platform";

    /// <summary>Sortable by creation time (see <see cref="FollowUpIds"/>), deterministic per inbound message.</summary>
    public required string Id { get; init; }
    public required string LenderId { get; init; }
    public required FollowUpKind Kind { get; init; }
    public FollowUpStatus Status { get; init; } = FollowUpStatus.Open;
    public string? BorrowerId { get; init; }
    public required string PhoneHash { get; init; }

    /// <summary>What the borrower wrote; null for matched intents and once the lender's retention period is over.</summary>
    public string? Text { get; init; }
    public DateTimeOffset? TextExpiresAt { get; init; }
    public IReadOnlyList<FollowUpInstallment> Installments { get; init; } = [];

    /// <summary>How the reply was read; null on follow-ups stored before readings were kept ("not recorded").</summary>
    public ReplyReading? Reading { get; init; }

    /// <summary>The day a promise to pay named, in the borrower's local calendar; null for other kinds and undated promises.</summary>
    public DateOnly? PromisedDate { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ETag { get; init; }

    /// <summary>The follow-up as it may be shown at <paramref name="now"/>: text past its retention is dropped.</summary>
    public FollowUp RedactedAt(DateTimeOffset now)
    {
        var redacted = Text is not null && (TextExpiresAt is null || TextExpiresAt <= now) ? this with { Text = null } : this;
        if (Reading?.RedactedAt(now) is { } reading && !ReferenceEquals(reading, Reading))
        {
            redacted = redacted with { Reading = reading };
        }

        return StaffReplies.Any(r => r.Text is not null && r.TextExpiresAt <= now)
            ? redacted with { StaffReplies = [.. StaffReplies.Select(r => r.TextExpiresAt <= now ? r with { Text = null } : r)] }
            : redacted;
    }

    /// <summary>How staff closed it (one of <see cref="FollowUpOutcomes"/>); null while open or when closed without one.</summary>
    public string? Outcome { get; init; }

    /// <summary>What staff answered, oldest first; each text is kept as long as the borrower's own.</summary>
    public IReadOnlyList<StaffReplyRecord> StaffReplies { get; init; } = [];
}

/// <summary>One staff answer: the outbox job that carries it and, within the retention period, its text.</summary>
public sealed record StaffReplyRecord(string JobId, DateTimeOffset At, string? Text, DateTimeOffset TextExpiresAt);

/// <summary>The outcomes staff may close a follow-up with.</summary>
public static class FollowUpOutcomes
{
    public static readonly IReadOnlyList<string> All = ["resolved", "promise-to-pay", "plan-agreed", "paid", "wrong-number", "no-action"];

    public static bool IsKnown(string? outcome) => outcome is not null && All.Contains(outcome, StringComparer.Ordinal);
}
