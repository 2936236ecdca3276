namespace Dunning.Core.Sending;

public enum MessageKind
{
    /// <summary>A cadence message or a thank-you: counts against caps and waits for the send window.</summary>
    Scheduled,
    /// <summary>An answer to the borrower's own message: exempt from quiet hours and caps.</summary>
    Reply,
    /// <summary>An answer staff wrote in the console: waits for the send window, exempt from caps.</summary>
    StaffReply,
}

public enum TextEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>An sms-outbox message: a rendered, linted text ready for SendSms.</summary>
public sealed record OutboxMessage
{
    public required string JobId { get; init; }
    public required string LenderId { get; init; }
    public required string BorrowerId { get; init; }

    /// <summary>HMAC of the destination number: what logs and caps use.</summary>
    public required string BorrowerKey { get; init; }

    /// <summary>E.164 destination. Never logged.</summary>
    public required string To { get; init; }
    public required string Text { get; init; }
    public required TextEncoding Encoding { get; init; }
    public required int Segments { get; init; }
    public required string Stage { get; init; }
    public required string TemplateId { get; init; }
    public required string TemplateVersion { get; init; }
    public required MessageKind Kind { get; init; }

    /// <summary>Loan and installment the message is about; null for replies that concern no installment.</summary>
    public string? LoanId { get; init; }
    public int? InstallmentNo { get; init; }

    public required DateTimeOffset EarliestSendAt { get; init; }

    /// <summary>After this the message is stale (a later stage is due) and is suppressed instead of sent.</summary>
    public required DateTimeOffset LatestSendAt { get; init; }

    /// <summary>The borrower's zone as personalize resolved it; with it SendSms need not read the borrower again.</summary>
    public string? BorrowerTimeZone { get; init; }

    /// <summary>The installment's due date when personalize read it: SendSms reads it there again, without the key index.</summary>
    public DateOnly? InstallmentDueDate { get; init; }

    /// <summary>
    /// The ETag of the number's status row when personalize read it, and the cap entries it held then. SendSms claims
    /// its cap slot with a write conditional on this ETag: when nothing changed since, that one write is the whole
    /// opt-out and cap re-check; when something did, the row is read again.
    /// </summary>
    public string? PhoneETag { get; init; }

    public IReadOnlyList<Eligibility.CapEntry>? PhoneCaps { get; init; }

    public bool CountsAgainstCap => Kind == MessageKind.Scheduled;
}
