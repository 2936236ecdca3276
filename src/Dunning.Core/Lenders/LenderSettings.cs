using Dunning.Core.Experiments;

namespace Dunning.Core.Lenders;

/// <summary>
/// Everything a lender configures. Stored per lender (Lenders table, JSON); every property has a
/// default so a lender that set only its brand and hotline still gets a lawful cadence.
/// </summary>
public sealed record LenderSettings
{
    public required string LenderId { get; init; }

    /// <summary>Shown as the 【品牌】 prefix in Chinese and as the sender name in English.</summary>
    public required string Brand { get; init; }

    /// <summary>
    /// The brand per language where it differs: a Chinese brand forces UCS-2 and triples the cost of an
    /// English message, so "安信金融" can be "Anxin" in English.
    /// </summary>
    public IReadOnlyDictionary<string, string> LocalizedBrands { get; init; } = new Dictionary<string, string>();

    public string BrandFor(string language) => LocalizedBrands.GetValueOrDefault(language) ?? Brand;

    public required string Hotline { get; init; }

    /// <summary>ISO 3166 region used to read phone numbers written without a leading +.</summary>
    public string DefaultRegion { get; init; } = "CN";

    public string DefaultLanguage { get; init; } = Languages.Chinese;

    public string DefaultTimeZone { get; init; } = "Asia/Shanghai";

    /// <summary>How to pay, in words, per language ("zh-CN" → "App内还款或银行转账").</summary>
    public IReadOnlyDictionary<string, string> PayMethods { get; init; } = new Dictionary<string, string>
    {
        [Languages.Chinese] = "App内还款",
        [Languages.English] = "in the app",
    };

    public string? PayLink { get; init; }

    public string? PlanLink { get; init; }

    /// <summary>Penalty interest or fees in words per language; empty when the lender charges none.</summary>
    public IReadOnlyDictionary<string, string> PenaltyInfo { get; init; } = new Dictionary<string, string>();

    /// <summary>Stage names, e.g. "T-7", "T0", "T+30".</summary>
    public IReadOnlyList<string> Stages { get; init; } = [.. Stage.DefaultCadence.Select(s => s.Name)];

    /// <summary>Stages a borrower with a clean on-time history still gets.</summary>
    public IReadOnlyList<string> CleanHistoryStages { get; init; } = ["T-3", "T0"];

    /// <summary>On-time payments (and no late one) that make a history "clean".</summary>
    public int CleanHistoryMinimumOnTime { get; init; } = 3;

    public QuietHours SendWindow { get; init; } = QuietHours.Default;

    /// <summary>Days of the week on which nothing is sent (in the borrower's time zone).</summary>
    public IReadOnlyList<DayOfWeek> NoSendDays { get; init; } = [];

    public int MaxMessagesPerDay { get; init; } = 1;

    public int MaxMessagesPer7Days { get; init; } = 3;

    public int SegmentBudget { get; init; } = 3;

    public decimal PricePerSegment { get; init; } = 0.05m;

    public string PriceCurrency { get; init; } = "CNY";

    /// <summary>Set only when the lender has really configured legal action; unlocks factual mentions of it.</summary>
    public bool LegalActionConfigured { get; init; }

    /// <summary>Sender ids (E.164 numbers, short codes, alphanumeric ids) this lender sends from.</summary>
    public IReadOnlyList<string> SenderIds { get; init; } = ["+18005550100"];

    /// <summary>Days reminders pause after a borrower says they have paid.</summary>
    public int PaidReplyPauseDays { get; init; } = 3;

    /// <summary>SHA-256 hashes (hex) of the keys this lender calls its report and follow-up routes with.</summary>
    public IReadOnlyList<string> ApiKeyHashes { get; init; } = [];

    /// <summary>Days free-text replies are kept in follow-ups.</summary>
    public int ReplyRetentionDays { get; init; } = 30;

    /// <summary>
    /// Borrower-local days from the payment a thank-you stays worth sending: held back longer by the caps or quiet
    /// hours, it would read as an afterthought, so it is dropped as stale instead.
    /// </summary>
    public int ThankYouValidDays { get; init; } = DefaultThankYouValidDays;

    public const int DefaultThankYouValidDays = 3;

    /// <summary>
    /// The lender's own reply phrases, added to the built-in tables (e.g. a product name borrowers write when they
    /// mean PAID). Additions only: the defaults stay, and a lender mask never hides an opt-out.
    /// </summary>
    public IReadOnlyList<Events.LenderReplyPhrase> ReplyPhrases { get; init; } = [];

    /// <summary>Template and send-hour experiments, at most one per stage (the first listed wins).</summary>
    public IReadOnlyList<ExperimentDefinition> Experiments { get; init; } = [];

    /// <summary>
    /// Borrower-local stretches inside <see cref="SendWindow"/> a day's reminders are spread over (a hash of each job id
    /// picks its minute). Empty: a message goes at the first instant the window allows, as before spans existed; a lender
    /// whose settings document is checked gets its region's spans unless it names its own.
    /// </summary>
    public IReadOnlyList<SendTimeSpan> SendTimes { get; init; } = [];

    /// <summary>A lender with China's defaults (what lenders registered before regions existed have).</summary>
    public static LenderSettings DefaultFor(string lenderId) => DefaultFor(lenderId, RegionDefaults.China);

    /// <summary>A lender that lends in <paramref name="region"/>: its language, zone, currency, send window and caps.</summary>
    public static LenderSettings DefaultFor(string lenderId, RegionDefaults region) => new()
    {
        LenderId = lenderId,
        Brand = lenderId,
        Hotline = "400-000-0000",
        DefaultRegion = region.Region,
        DefaultLanguage = region.Language,
        DefaultTimeZone = region.TimeZone,
        PriceCurrency = region.Currency,
        PricePerSegment = region.PricePerSegment,
        SendWindow = region.SendWindow,
        MaxMessagesPerDay = region.MaxMessagesPerDay,
        MaxMessagesPer7Days = region.MaxMessagesPer7Days,
        PayMethods = region.PayMethods,
    };
}

public static class Languages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static readonly IReadOnlyList<string> Supported = [Chinese, English];

    public static string? Normalize(string? value) => value?.Trim() switch
    {
        null or "" => null,
        var v when v.Equals("zh-CN", StringComparison.OrdinalIgnoreCase) || v.Equals("zh", StringComparison.OrdinalIgnoreCase) => Chinese,
        var v when v.Equals("en", StringComparison.OrdinalIgnoreCase) || v.StartsWith("en-", StringComparison.OrdinalIgnoreCase) => English,
        _ => null,
    };
}
