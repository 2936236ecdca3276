namespace Dunning.Core.Experiments;

/// <summary>How an experiment splits borrowers between its variants.</summary>
public enum AllocationMode
{
    /// <summary>Each borrower gets one variant for good, from a hash of the experiment and borrower ids.</summary>
    Fixed,

    /// <summary>Traffic shifts toward the variant whose paid-within-3-days rate looks higher (Thompson sampling).</summary>
    Thompson,
}

/// <summary>
/// A lender's experiment on one stage: two or more variants, the first being the control. A variant may change
/// the template (a lender template name such as "T0-short") and/or the borrower-local hour the message goes out.
/// </summary>
public sealed record ExperimentDefinition
{
    public required string Id { get; init; }

    /// <summary>The stage the experiment runs on, e.g. "T0".</summary>
    public required string Stage { get; init; }

    public required IReadOnlyList<ExperimentVariant> Variants { get; init; }

    public AllocationMode Mode { get; init; } = AllocationMode.Fixed;

    public ExperimentVariant Control => Variants[0];

    public bool AppliesTo(Stage stage) =>
        Variants.Count > 0 && Core.Stage.TryParse(Stage, out var own) && own == stage;
}

/// <summary>One arm. Null fields keep the pipeline's own choice (the stage's template, the first allowed hour).</summary>
public sealed record ExperimentVariant
{
    public required string Name { get; init; }

    /// <summary>A lender template name used for this arm instead of the stage's own.</summary>
    public string? TemplateName { get; init; }

    /// <summary>Borrower-local hour (0–23) before which the message is held; quiet hours still apply.</summary>
    public int? SendHour { get; init; }

    /// <summary>
    /// The arm sends in the lender's send-time spans even to a borrower whose own hour is known, so an experiment can
    /// compare the borrower's hour (the control) against the lender's spans.
    /// </summary>
    public bool LenderSendTimes { get; init; }
}

/// <summary>The arm a job goes out under.</summary>
public sealed record VariantChoice(string ExperimentId, ExperimentVariant Variant);
