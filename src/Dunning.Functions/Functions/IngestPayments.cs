using Dunning.Core;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>A lender's payments CSV landed in payments/{lenderId}/; the lender id comes from the path.</summary>
public sealed class IngestPayments(IIngestPaymentsHandler handler)
{
    [Function(FunctionNames.IngestPayments)]
    public Task RunAsync(
        [BlobTrigger(PipelineNames.PaymentsBlobPath, Source = BlobTriggerSource.EventGrid)] Stream content,
        string lenderId,
        string name,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(lenderId, name, content, cancellationToken);
}
