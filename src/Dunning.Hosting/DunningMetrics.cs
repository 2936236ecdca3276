using Dunning.Core.Messaging;

namespace Dunning.Hosting;

public static class DunningMetrics
{
    public const string MeterName = "Dunning";

    /// <summary>Messages sent as a stage's short variant (Core's <see cref="MessageMetrics"/> counts them on this meter).</summary>
    public const string ShortVariantFallbacks = MessageMetrics.ShortVariantFallbacks;

    /// <summary>Messages suppressed as template-rejected; the template-rejections alert in infra-bicep reads it.</summary>
    public const string TemplateRejections = MessageMetrics.TemplateRejections;
}
