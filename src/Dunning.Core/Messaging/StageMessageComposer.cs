using Dunning.Core.Lenders;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Messaging;

/// <summary>
/// Chooses the text a stage sends: the first candidate template (the lender's, then the defaults) whose render
/// passes the lint; when none passes and the segment budget was among the reasons, the default pack's short variant
/// of the stage (stage first, then its tone), so the borrower still gets a message. Fallbacks and rejections are
/// counted (<see cref="MessageMetrics"/>) and logged without any text.
/// </summary>
public sealed partial class StageMessageComposer(TemplateCatalog templates, ILogger logger)
{
    private readonly TemplateRenderer renderer = new();

    public async Task<StageMessage> ComposeAsync(
        LenderSettings settings,
        Stage stage,
        string language,
        string? preferredTemplate,
        IReadOnlyDictionary<string, object?> fields,
        LintContext lintContext,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var candidates = await templates.CandidatesAsync(settings, stage, language, preferredTemplate, cancellationToken);
        var overBudget = false;
        foreach (var template in candidates)
        {
            var (text, lint) = await TryAsync(settings.LenderId, template, fields, lintContext);
            if (lint is { Passed: true })
            {
                return new StageMessage { Template = template, Text = text, Lint = lint };
            }

            overBudget |= lint?.Findings.Any(f => f.RuleId == MessageLint.SegmentBudgetRuleId) == true;
        }

        var rejectedId = candidates.Count > 0 ? candidates[0].Id : "";
        if (overBudget)
        {
            foreach (var shortVariant in TemplateNames.LookupOrder(stage).Select(name => DefaultTemplatePack.FindShort(name, language)).OfType<MessageTemplate>())
            {
                var (text, lint) = await TryAsync(settings.LenderId, shortVariant, fields, lintContext);
                if (lint is { Passed: true })
                {
                    MessageMetrics.RecordFallback(settings.LenderId, stage.Name, rejectedId);
                    LogShortVariant(settings.LenderId, stage.Name, rejectedId, shortVariant.Id, lint.Segments);
                    return new StageMessage { Template = shortVariant, Text = text, Lint = lint, IsShortVariant = true };
                }
            }
        }

        MessageMetrics.RecordRejection(settings.LenderId, stage.Name, rejectedId);
        LogRejected(settings.LenderId, stage.Name, rejectedId);
        return new StageMessage { RejectedTemplateId = rejectedId };
    }

    private async Task<(string? Text, LintReport? Lint)> TryAsync(string lenderId, MessageTemplate template, IReadOnlyDictionary<string, object?> fields, LintContext lintContext)
    {
        var result = await renderer.RenderAsync(template, fields);
        if (!result.Succeeded)
        {
            LogRenderFailed(lenderId, template.Id, template.Version);
            return (null, null);
        }

        var lint = MessageLint.Check(result.Text!, lintContext);
        if (!lint.Passed)
        {
            LogLintFailed(lenderId, template.Id, template.Version, string.Join(",", lint.Findings.Select(f => f.RuleId)));
        }

        return (result.Text, lint);
    }

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Lender {LenderId} template {TemplateId} version {TemplateVersion} failed to render")]
    private partial void LogRenderFailed(string lenderId, string templateId, string templateVersion);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Lender {LenderId} template {TemplateId} version {TemplateVersion} rendered a text that fails the lint: {RuleIds}")]
    private partial void LogLintFailed(string lenderId, string templateId, string templateVersion, string ruleIds);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Lender {LenderId} stage {Stage}: {TemplateId} is over the segment budget; sent the short variant {ShortTemplateId} ({Segments} segments)")]
    private partial void LogShortVariant(string lenderId, string stage, string templateId, string shortTemplateId, int segments);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Lender {LenderId} stage {Stage}: no template passed the lint ({TemplateId} first); the message is suppressed as template-rejected")]
    private partial void LogRejected(string lenderId, string stage, string templateId);
}
