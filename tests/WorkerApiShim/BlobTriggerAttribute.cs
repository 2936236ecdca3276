using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

public sealed class BlobTriggerAttribute(string blobPath) : TriggerBindingAttribute
{
    [BindingPropertyName("path")]
    public string BlobPath { get; } = blobPath;

    public string? Connection { get; set; }

    public BlobTriggerSource Source { get; set; } = BlobTriggerSource.LogsAndContainerScan;
}
