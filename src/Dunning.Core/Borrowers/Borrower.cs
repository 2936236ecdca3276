namespace Dunning.Core.Borrowers;

/// <summary>A lender's borrower. The phone number lives only here and in outbox messages; logs and keys use its HMAC.</summary>
public sealed record Borrower
{
    public required string LenderId { get; init; }
    public required string BorrowerId { get; init; }
    public required string Name { get; init; }

    /// <summary>E.164, validated by libphonenumber on ingest.</summary>
    public required string PhoneE164 { get; init; }

    /// <summary>HMAC-SHA256 of the E.164 number under the configured secret (hex).</summary>
    public required string PhoneHash { get; init; }

    /// <summary>IANA time zone id.</summary>
    public required string TimeZone { get; init; }
    public required string Language { get; init; }
    public bool Consent { get; init; }
    public string? Segment { get; init; }

    /// <summary>Installments paid on or before their due date / after it (feeds "clean history").</summary>
    public int OnTimePayments { get; init; }
    public int LatePayments { get; init; }

    public string? ETag { get; init; }

    public bool IsHighRisk => string.Equals(Segment, "high", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The borrower-local hour (0–23) of their latest reply or timed payment: when they are at their phone. Only the hour
    /// is kept, never the times; reminders aim at it when the lender's window holds it.
    /// </summary>
    public int? PreferredHour { get; init; }

    public bool SameProfileAs(Borrower other) =>
        Name == other.Name && PhoneE164 == other.PhoneE164 && TimeZone == other.TimeZone
        && Language == other.Language && Consent == other.Consent && Segment == other.Segment;
}

/// <summary>What the lender knows about a phone number, whoever's it is: opt-outs are per number and lender.</summary>
public sealed record PhoneStatus
{
    public required string LenderId { get; init; }
    public required string PhoneHash { get; init; }
    public IReadOnlyList<string> BorrowerIds { get; init; } = [];
    public bool OptedOut { get; init; }
    public DateTimeOffset? OptedOutAt { get; init; }

    /// <summary>Someone who is not the borrower answers this number: never message it again.</summary>
    public bool WrongNumber { get; init; }

    /// <summary>
    /// The cap-counted messages this number received lately. They live on the number's own row so that the send-time
    /// re-check reads opt-out and caps in one request, and a cap claim's ETag also proves the opt-out is unchanged.
    /// </summary>
    public IReadOnlyList<Eligibility.CapEntry> Caps { get; init; } = [];

    public string? ETag { get; init; }

    public bool MayBeMessaged => !OptedOut && !WrongNumber;

    /// <summary>
    /// Staff paused this number's scheduled messages until then (a promise to pay). It lives on the number's row so
    /// that personalize and the send-time re-check, which both read this row, honour it without another read.
    /// </summary>
    public DateTimeOffset? PausedUntil { get; init; }
}
