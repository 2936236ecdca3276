using System.Collections.Concurrent;
using Dunning.Core.Lenders;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Messaging;

/// <summary>
/// Which templates may render a stage for a lender and language, best first: the lender's stage template,
/// the lender's tone template, then the default pack's. A lender template that fails validation is skipped
/// (the defaults stay in use) and the verdict is remembered per template version.
/// </summary>
public sealed partial class TemplateCatalog(ITemplateStore store, ILogger<TemplateCatalog> logger)
{
    private readonly ConcurrentDictionary<(string Id, string Version), TemplateValidationReport> verdicts = new();

    public async Task<IReadOnlyList<MessageTemplate>> CandidatesAsync(LenderSettings settings, Stage stage, string language, CancellationToken cancellationToken = default)
    {
        var names = TemplateNames.LookupOrder(stage);
        var candidates = new List<MessageTemplate>();
        foreach (var name in names)
        {
            var own = await store.FindAsync(settings.LenderId, name, language, cancellationToken);
            if (own is not null && await IsAcceptedAsync(own, settings))
            {
                candidates.Add(own);
            }
        }

        candidates.AddRange(names.Select(name => DefaultTemplatePack.Find(name, language)).OfType<MessageTemplate>());
        return candidates;
    }

    /// <summary>
    /// The same list with the lender's <paramref name="preferredName"/> template (an experiment arm's) first, when it
    /// exists and passes validation as a template for <paramref name="stage"/>.
    /// </summary>
    public async Task<IReadOnlyList<MessageTemplate>> CandidatesAsync(LenderSettings settings, Stage stage, string language, string? preferredName, CancellationToken cancellationToken = default)
    {
        var usual = await CandidatesAsync(settings, stage, language, cancellationToken);
        if (string.IsNullOrWhiteSpace(preferredName))
        {
            return usual;
        }

        var preferred = await store.FindAsync(settings.LenderId, preferredName, language, cancellationToken);
        return preferred is not null && await IsAcceptedAsync(preferred, settings, stage.Name) ? [preferred, .. usual] : usual;
    }

    /// <summary>The lender's own template for an auto-reply, when it has one that passes validation; otherwise null.</summary>
    public async Task<MessageTemplate?> ReplyTemplateAsync(LenderSettings settings, ReplyKind kind, string language, CancellationToken cancellationToken = default)
    {
        var own = await store.FindAsync(settings.LenderId, TemplateNames.ForReply(kind), language, cancellationToken);
        return own is not null && await IsAcceptedAsync(own, settings) ? own : null;
    }

    private async ValueTask<bool> IsAcceptedAsync(MessageTemplate template, LenderSettings settings, string? validateAs = null)
    {
        if (!verdicts.TryGetValue((template.Id, template.Version), out var report))
        {
            report = await TemplateValidator.ValidateAsync(validateAs ?? template.Name, template.Language, template.Text, settings);
            verdicts[(template.Id, template.Version)] = report;
            if (!report.Accepted)
            {
                LogTemplateRejected(settings.LenderId, template.Id, template.Version);
            }
        }

        return report.Accepted;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Lender {LenderId} template {TemplateId} version {TemplateVersion} fails validation; the default is used")]
    private partial void LogTemplateRejected(string lenderId, string templateId, string templateVersion);
}
