using Dunning.Core;
using Dunning.Core.Jobs;
using Dunning.Core.Serialization;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>
/// One reminder-jobs message. A body that is not a job batch throws, so the host retries it and then parks it
/// in reminder-jobs-poison, where it is counted and alerted on instead of vanishing.
/// </summary>
public sealed class PersonalizeReminder(IPersonalizeReminderHandler handler)
{
    [Function(FunctionNames.PersonalizeReminder)]
    public Task RunAsync(
        [QueueTrigger(PipelineNames.ReminderJobsQueue)] string message,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(QueueJson.Deserialize<ReminderJobBatch>(message), cancellationToken);
}
