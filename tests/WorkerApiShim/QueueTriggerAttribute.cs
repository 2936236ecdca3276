using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

public sealed class QueueTriggerAttribute(string queueName) : TriggerBindingAttribute
{
    public string QueueName { get; } = queueName;

    /// <summary>An app-setting name or prefix; null means AzureWebJobsStorage.</summary>
    public string? Connection { get; set; }
}
