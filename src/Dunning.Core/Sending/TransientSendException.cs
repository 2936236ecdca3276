namespace Dunning.Core.Sending;

/// <summary>
/// Thrown by SendSms when ACS could not be reached or answered 5xx after the HTTP pipeline's own retries.
/// The queue redelivers the message (same job id, same repeatability id); after
/// <see cref="PipelineNames.MaxDequeueCount"/> deliveries the host moves it to the poison queue.
/// </summary>
public sealed class TransientSendException(string jobId, int httpStatusCode)
    : Exception($"The SMS for job {jobId} hit a transient failure (HTTP {httpStatusCode}); the queue will redeliver it.")
{
    public string JobId { get; } = jobId;

    public int HttpStatusCode { get; } = httpStatusCode;
}
