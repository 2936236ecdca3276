namespace Dunning.Core.Reports;

/// <summary>Something in the report the lender should act on, per stage: what happened, how often, and what to do.</summary>
public sealed record ReportWarning(string Stage, string Kind, int Count, string Message)
{
    /// <summary>More than <see cref="FunnelReport.RejectionWarningThreshold"/> messages of a stage were suppressed as template-rejected.</summary>
    public const string TemplateRejections = "template-rejections";

    /// <summary>More than <see cref="FunnelReport.RejectionWarningThreshold"/> messages of a stage went out as the short variant.</summary>
    public const string ShortVariantFallbacks = "short-variant-fallbacks";
}
