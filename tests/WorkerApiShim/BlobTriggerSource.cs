namespace Microsoft.Azure.Functions.Worker;

public enum BlobTriggerSource
{
    LogsAndContainerScan = 0,
    EventGrid = 1,
}
