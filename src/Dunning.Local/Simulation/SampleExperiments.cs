using Dunning.Core.Experiments;
using Dunning.Core.Lenders;

namespace Dunning.Local.Simulation;

/// <summary>
/// The experiments the simulation runs when the lender gives none: a shorter T0 wording under Thompson sampling,
/// and an evening send hour for T-3 split half and half.
/// </summary>
public static class SampleExperiments
{
    public const string ShortTemplate = "T0-short";

    public static IReadOnlyList<ExperimentDefinition> Default { get; } =
    [
        new ExperimentDefinition
        {
            Id = "t0-wording",
            Stage = "T0",
            Mode = AllocationMode.Thompson,
            Variants = [new ExperimentVariant { Name = "control" }, new ExperimentVariant { Name = "short", TemplateName = ShortTemplate }],
        },
        new ExperimentDefinition
        {
            Id = "t-3-send-hour",
            Stage = "T-3",
            Mode = AllocationMode.Fixed,
            Variants = [new ExperimentVariant { Name = "morning" }, new ExperimentVariant { Name = "evening", SendHour = 18 }],
        },
    ];

    /// <summary>Lender templates the default experiments need, by (name, language).</summary>
    public static IReadOnlyDictionary<(string Name, string Language), string> Templates { get; } = new Dictionary<(string, string), string>
    {
        [(ShortTemplate, Languages.English)] =
            "{{ brand }}: {{ borrower_name }}, {{ amount_due }} is due today ({{ due_date }}). Pay {{ pay_method }}{% if pay_link %}: {{ pay_link }}{% endif %}. Help: {{ hotline }}. {{ opt_out }}",
        [(ShortTemplate, Languages.Chinese)] =
            "【{{ brand }}】{{ borrower_name }}，今天（{{ due_date }}）应还{{ amount_due }}，请通过{{ pay_method }}还款{% if pay_link %}：{{ pay_link }}{% endif %}。客服{{ hotline }}。{{ opt_out }}",
    };
}
