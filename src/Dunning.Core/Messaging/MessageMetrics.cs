using System.Diagnostics.Metrics;

namespace Dunning.Core.Messaging;

/// <summary>
/// Counters on the app's meter ("Dunning", which the hosts export to Application Insights): how often a stage fell
/// back to its short variant and how often nothing could be sent. Tagged by lender, stage and template, never by
/// borrower. The alert on template rejections (infra-bicep/modules/alerts.bicep) reads the second one.
/// </summary>
public static class MessageMetrics
{
    public const string MeterName = "Dunning";
    public const string ShortVariantFallbacks = "dunning.messages.short_variant_fallbacks";
    public const string TemplateRejections = "dunning.messages.template_rejections";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(
        ShortVariantFallbacks, "{message}", "Messages sent as the stage's short variant because the full text was over the segment budget.");
    private static readonly Counter<long> Rejections = Meter.CreateCounter<long>(
        TemplateRejections, "{message}", "Messages suppressed as template-rejected: no template, full or short, passed the lint.");

    internal static void RecordFallback(string lenderId, string stage, string templateId) =>
        Fallbacks.Add(1, Tags(lenderId, stage, templateId));

    internal static void RecordRejection(string lenderId, string stage, string templateId) =>
        Rejections.Add(1, Tags(lenderId, stage, templateId));

    private static ReadOnlySpan<KeyValuePair<string, object?>> Tags(string lenderId, string stage, string templateId) =>
        new KeyValuePair<string, object?>[] { new("lender", lenderId), new("stage", stage), new("template", templateId) };
}
