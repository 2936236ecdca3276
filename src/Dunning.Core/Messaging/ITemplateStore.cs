namespace Dunning.Core.Messaging;

/// <summary>A lender's own templates (blob config/{lenderId}/templates/{name}.{language}.liquid).</summary>
public interface ITemplateStore
{
    /// <summary>The lender's template, or null when the lender has none of that name and language.</summary>
    Task<MessageTemplate?> FindAsync(string lenderId, string name, string language, CancellationToken cancellationToken = default);

    Task SaveAsync(string lenderId, string name, string language, string text, CancellationToken cancellationToken = default);
}
