using Azure.Core;

namespace Dunning.Sms;

/// <summary>
/// Retries timeouts and 5xx like Azure.Core's default, but not 429: a throttled send goes back to the queue
/// with the Retry-After delay so no worker sleeps on it.
/// </summary>
internal sealed class AcsResponseClassifier : ResponseClassifier
{
    public override bool IsRetriableResponse(HttpMessage message) =>
        message.Response.Status is 408 or 500 or 502 or 503 or 504;
}
