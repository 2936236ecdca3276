using Dunning.Core;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>
/// One sms-outbox message, carrying one SMS or a batch of them. <paramref name="dequeueCount"/> binds by name from the
/// queue trigger's metadata (DequeueCount); a malformed body throws and ends in sms-outbox-poison.
/// </summary>
public sealed class SendSms(ISendSmsHandler handler)
{
    [Function(FunctionNames.SendSms)]
    public Task RunAsync(
        [QueueTrigger(PipelineNames.SmsOutboxQueue)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        handler.HandleQueueMessageAsync(message, dequeueCount, cancellationToken);
}
