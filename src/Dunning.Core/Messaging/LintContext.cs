using Dunning.Core.Lenders;

namespace Dunning.Core.Messaging;

/// <summary>
/// What the lint checks a text against. Field values are the rendered forms (as the template received them);
/// a null value means "not known here", and the rule falls back to a pattern.
/// </summary>
public sealed record LintContext
{
    public required string Language { get; init; }

    /// <summary>Collection tones must carry every required field; thank-yous and replies need not.</summary>
    public Tone Tone { get; init; } = Tone.Reminder;

    /// <summary>The text may reach someone who is not the borrower (a wrong-number reply): no debt may show.</summary>
    public bool MayReachThirdParty { get; init; }

    public IReadOnlyDictionary<string, string?> Fields { get; init; } = new Dictionary<string, string?>();

    public int SegmentBudget { get; init; } = 3;
    public decimal PricePerSegment { get; init; } = 0.05m;
    public string PriceCurrency { get; init; } = "CNY";
    public bool LegalActionConfigured { get; init; }

    public bool RequiresCollectionFields => Tone is Tone.Reminder or Tone.WarmNotice or Tone.FormalNotice;

    /// <summary>The lender's limits and known fields; the borrower-specific ones come from <paramref name="fields"/>.</summary>
    public static LintContext For(LenderSettings settings, string language, Tone tone, IReadOnlyDictionary<string, string?>? fields = null) => new()
    {
        Language = language,
        Tone = tone,
        SegmentBudget = settings.SegmentBudget,
        PricePerSegment = settings.PricePerSegment,
        PriceCurrency = settings.PriceCurrency,
        LegalActionConfigured = settings.LegalActionConfigured,
        Fields = fields ?? new Dictionary<string, string?>
        {
            [MessageFields.Brand] = settings.BrandFor(language),
            [MessageFields.Hotline] = settings.Hotline,
            [MessageFields.PayMethod] = settings.PayMethods.GetValueOrDefault(language),
            [MessageFields.PayLink] = settings.PayLink,
        },
    };
}
