using System.Globalization;
using Azure;
using Azure.Core;
using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;
using Microsoft.Extensions.Logging;

namespace Dunning.Sms;

/// <summary>Core's <see cref="ISmsSender"/> on ACS: one recipient per call, results mapped to send statuses.</summary>
/// <remarks>
/// Each call first takes a permit of the sender's app-wide limit (<see cref="ISenderPermits"/>); without one nothing
/// leaves the process and the result is Throttled with <c>Attempted = false</c>, so SendSms puts the message back on
/// the queue for the time the limiter names.
/// </remarks>
public sealed partial class AcsSmsSender(SmsClient client, ISenderPermits senders, TimeProvider time, ILogger<AcsSmsSender> logger) : ISmsSender
{
    public async Task<SmsSendResult> SendAsync(SmsSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var permit = await senders.TryAcquireAsync(request.From, cancellationToken).ConfigureAwait(false);
        if (!permit.Granted)
        {
            LogSenderExhausted(logger, request.Tag, permit.RetryAfter);
            return new SmsSendResult(SmsSendStatus.Throttled, null, 429, "sender-rate-limit", permit.RetryAfter, Attempted: false);
        }

        try
        {
            var response = await client.SendAsync(
                request.From,
                new SmsRecipient(request.To, request.RepeatabilityRequestId, request.RepeatabilityFirstSent),
                request.Message,
                new SmsSendOptions(request.EnableDeliveryReport) { Tag = request.Tag },
                cancellationToken).ConfigureAwait(false);
            var item = response.Value;
            if (item.Successful)
            {
                return new SmsSendResult(SmsSendStatus.Accepted, item.MessageId, item.HttpStatusCode);
            }

            return Failure(request.Tag, item.HttpStatusCode, RetryAfter(response.GetRawResponse()));
        }
        catch (RequestFailedException e)
        {
            return Failure(request.Tag, e.Status, RetryAfter(e.GetRawResponse()));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core's network timeout, after its retries: ACS may or may not have the message; the
            // redelivery resends with the same repeatability id.
            return Failure(request.Tag, 0, null);
        }
    }

    private SmsSendResult Failure(string jobId, int status, TimeSpan? retryAfter)
    {
        var result = status switch
        {
            429 => new SmsSendResult(SmsSendStatus.Throttled, null, status, "acs-429", retryAfter),

            // 401/403 are a key, token or clock problem of ours, not of this message: let the queue retry it.
            0 or 401 or 403 or 408 or >= 500 => new SmsSendResult(SmsSendStatus.Transient, null, status, $"acs-{status}", retryAfter),
            _ => new SmsSendResult(SmsSendStatus.Permanent, null, status, $"acs-{status}"),
        };
        LogSendFailed(logger, jobId, status, result.Status);
        return result;
    }

    private TimeSpan? RetryAfter(Response? response)
    {
        if (response is null)
        {
            return null;
        }

        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at - time.GetUtcNow() is var delta && delta > TimeSpan.Zero ? delta : TimeSpan.Zero
            : null;
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "The sender is at its app-wide limit; job {JobId} comes back in {RetryAfter}.")]
    private static partial void LogSenderExhausted(ILogger logger, string jobId, TimeSpan retryAfter);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "ACS send for job {JobId} failed with HTTP {StatusCode} ({Status}).")]
    private static partial void LogSendFailed(ILogger logger, string jobId, int statusCode, SmsSendStatus status);
}
