using Dunning.Core;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>A lender's repayment schedule CSV landed in schedules/{lenderId}/; the lender id comes from the path.</summary>
public sealed class IngestSchedule(IIngestScheduleHandler handler)
{
    [Function(FunctionNames.IngestSchedule)]
    public Task RunAsync(
        [BlobTrigger(PipelineNames.SchedulesBlobPath, Source = BlobTriggerSource.EventGrid)] Stream content,
        string lenderId,
        string name,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(lenderId, name, content, cancellationToken);
}
