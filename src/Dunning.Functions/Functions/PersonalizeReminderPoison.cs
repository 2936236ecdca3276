using Dunning.Core;
using Dunning.Core.Jobs;
using Dunning.Core.Serialization;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>A reminder-jobs batch that exhausted its retries: its jobs end as Failed rather than silently lost.</summary>
public sealed class PersonalizeReminderPoison(IPersonalizeReminderHandler handler)
{
    [Function(FunctionNames.PersonalizeReminderPoison)]
    public Task RunAsync(
        [QueueTrigger(PipelineNames.ReminderJobsPoisonQueue)] string message,
        CancellationToken cancellationToken) =>
        handler.HandlePoisonAsync(QueueJson.Deserialize<ReminderJobBatch>(message), cancellationToken);
}
