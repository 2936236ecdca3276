using Dunning.Core;
using Dunning.Core.Lenders;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>A lender's settings document landed at config/{lenderId}/settings.json; the lender id comes from the path.</summary>
public sealed class IngestLenderSettings(IIngestLenderSettingsHandler handler)
{
    [Function(FunctionNames.IngestLenderSettings)]
    public Task RunAsync(
        [BlobTrigger(PipelineNames.LenderSettingsBlobPath, Source = BlobTriggerSource.EventGrid)] Stream content,
        string lenderId,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(lenderId, content, cancellationToken);
}
