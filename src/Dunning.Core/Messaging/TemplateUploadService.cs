using Dunning.Core.Lenders;

namespace Dunning.Core.Messaging;

/// <summary>A lender's template upload: validated first, stored only when accepted, with a report either way.</summary>
public sealed class TemplateUploadService(ITemplateStore store, ILenderDirectory lenders)
{
    public async Task<TemplateValidationReport> UploadAsync(string lenderId, string name, string language, string text, CancellationToken cancellationToken = default)
    {
        LenderId.Require(lenderId);
        var settings = await lenders.FindAsync(lenderId, cancellationToken) ?? LenderSettings.DefaultFor(lenderId);
        var report = await TemplateValidator.ValidateAsync(name, language, text, settings);
        if (report.Accepted)
        {
            await store.SaveAsync(lenderId, name, Languages.Normalize(language)!, text, cancellationToken);
        }

        return report;
    }
}
