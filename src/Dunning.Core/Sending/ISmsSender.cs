namespace Dunning.Core.Sending;

/// <summary>One SMS to one recipient, as ACS takes it.</summary>
public sealed record SmsSendRequest(
    string From,
    string To,
    string Message,
    Guid RepeatabilityRequestId,
    DateTimeOffset RepeatabilityFirstSent,
    string Tag,
    bool EnableDeliveryReport = true);

public enum SmsSendStatus
{
    Accepted,
    /// <summary>429: try again after <see cref="SmsSendResult.RetryAfter"/>.</summary>
    Throttled,
    /// <summary>5xx, timeout, connection failure: the same request may be retried (same repeatability id).</summary>
    Transient,
    /// <summary>4xx other than 429, or a per-recipient rejection: retrying will not help.</summary>
    Permanent,
}

/// <param name="Attempted">False when the request never left this process (our own per-sender rate limit refused it).</param>
public sealed record SmsSendResult(
    SmsSendStatus Status,
    string? MessageId,
    int HttpStatusCode,
    string? ErrorCode = null,
    TimeSpan? RetryAfter = null,
    bool Attempted = true);

/// <summary>The port SendSms calls; the ACS REST client implements it.</summary>
public interface ISmsSender
{
    Task<SmsSendResult> SendAsync(SmsSendRequest request, CancellationToken cancellationToken = default);
}
