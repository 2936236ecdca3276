using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

public sealed class QueueOutputAttribute(string queueName) : OutputBindingAttribute
{
    public string QueueName { get; } = queueName;

    public string? Connection { get; set; }
}
