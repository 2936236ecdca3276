using Dunning.Core.Sending;

namespace Dunning.Core.Eligibility;

public enum Verdict
{
    Send,
    /// <summary>Not now (quiet hours, no-send day, cap): try again at <see cref="EligibilityDecision.DeferUntil"/>.</summary>
    Defer,
    /// <summary>Never: recorded with a reason.</summary>
    Suppress,
}

public sealed record EligibilityDecision(Verdict Verdict, string? Reason = null, DateTimeOffset? DeferUntil = null)
{
    public static EligibilityDecision Send { get; } = new(Verdict.Send);

    public static EligibilityDecision Suppress(string reason) => new(Verdict.Suppress, reason);

    public static EligibilityDecision Defer(string reason, DateTimeOffset until) => new(Verdict.Defer, reason, until);
}

/// <summary>Stable reason codes: they appear in the ledger, the contact log and the lender's report.</summary>
public static class SuppressionReasons
{
    public const string NoConsent = "no-consent";
    public const string OptedOut = "opted-out";
    public const string Paid = "paid";
    public const string Paused = "paused";
    public const string WrongNumber = "wrong-number";
    public const string UnknownLender = "unknown-lender";
    public const string UnknownBorrower = "unknown-borrower";
    public const string UnknownInstallment = "unknown-installment";
    public const string Superseded = "superseded";
    public const string NotInCadence = "not-in-cadence";
    public const string TemplateRejected = "template-rejected";
    public const string QuietHours = "quiet-hours";
    public const string NoSendDay = "no-send-day";
    public const string OverDailyCap = "over-daily-cap";
    public const string OverWeeklyCap = "over-weekly-cap";
    public const string SendFailed = "send-failed";
    public const string Poison = "poison";

    /// <summary>A thank-you for an installment that is not (or no longer) paid.</summary>
    public const string NotPaid = "not-paid";

    /// <summary>The lender's sender numbers could not take the message before the borrower's window closed that day.</summary>
    public const string OverSendCapacity = "over-send-capacity";

    /// <summary>Deferral: the job waits for its minute in the lender's send-time spans.</summary>
    public const string SendTime = "send-time";

    /// <summary>Deferral: the stage's date has not begun yet in the borrower's own time zone.</summary>
    public const string NotYetDue = "not-yet-due";
}

/// <param name="TemplateId">The message's template id; for a reply it says whether it confirms an opt-out.</param>
/// <param name="PhoneHash">The HMAC of the number the message goes to, when known (a reply goes to the number that wrote).</param>
/// <param name="Known">What the caller has already read, so the check does not read it again.</param>
public sealed record EligibilityRequest(
    string JobId,
    string LenderId,
    string BorrowerId,
    string? LoanId,
    int? InstallmentNo,
    string Stage,
    MessageKind Kind,
    DateTimeOffset Now,
    string? TemplateId = null,
    string? PhoneHash = null,
    KnownFacts? Known = null);

/// <summary>
/// Rows the caller read moments ago (personalize) or facts that cannot change between personalize and send
/// (the borrower's consent at the time, their zone). Opt-out and caps are still proven current by the cap
/// claim's ETag; the installment (payment, pause) is read again at send.
/// </summary>
/// <param name="Borrower">The borrower row as just read.</param>
/// <param name="Installment">The installment row as just read; null to read it.</param>
/// <param name="Phone">The number's status (opt-out, caps, ETag) as read when the message was personalised.</param>
/// <param name="TimeZone">The borrower's zone as personalize resolved it.</param>
/// <param name="SentFromPersonalize">The message was personalised, consent and number checked there: SendSms need not read the borrower again.</param>
/// <param name="InstallmentDueDate">The installment's due date when personalize read it: where to read it again.</param>
public sealed record KnownFacts(
    Borrowers.Borrower? Borrower = null,
    Installments.Installment? Installment = null,
    Borrowers.PhoneStatus? Phone = null,
    string? TimeZone = null,
    bool SentFromPersonalize = false,
    DateOnly? InstallmentDueDate = null);

/// <summary>
/// The one eligibility rule set, used by PersonalizeReminder and again by SendSms right before the call.
/// </summary>
public interface ISendEligibility
{
    /// <summary>Read-only check: consent, opt-out, wrong number, paid, paused, send window, caps.</summary>
    Task<EligibilityDecision> CheckAsync(EligibilityRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same check, and for cap-counted messages it atomically claims the borrower's cap slot for this job id
    /// (idempotent: the same job claiming twice holds one slot). Called by SendSms just before the ACS call.
    /// </summary>
    Task<EligibilityDecision> CheckAndReserveAsync(EligibilityRequest request, CancellationToken cancellationToken = default);
}
