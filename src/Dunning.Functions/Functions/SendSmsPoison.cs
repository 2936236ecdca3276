using Dunning.Core;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>An sms-outbox message that exhausted its retries: its job ends as Failed rather than silently lost.</summary>
public sealed class SendSmsPoison(ISendSmsHandler handler)
{
    [Function(FunctionNames.SendSmsPoison)]
    public Task RunAsync(
        [QueueTrigger(PipelineNames.SmsOutboxPoisonQueue)] string message,
        CancellationToken cancellationToken) =>
        handler.HandlePoisonQueueMessageAsync(message, cancellationToken);
}
