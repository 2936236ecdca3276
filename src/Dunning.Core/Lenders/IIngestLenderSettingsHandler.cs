namespace Dunning.Core.Lenders;

/// <summary>A lender's settings document landed in config/{lenderId}/settings.json.</summary>
public interface IIngestLenderSettingsHandler
{
    Task<IngestSummary> HandleAsync(string lenderId, Stream content, CancellationToken cancellationToken = default);
}
