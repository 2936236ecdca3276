using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.Core.Lenders;

/// <summary>
/// A lender's settings as the document it writes to config/{lenderId}/settings.json. Every property but region,
/// brand and hotline may be left out and then takes the region's default. The lender id is not here (it comes from
/// the blob path), nor are the lender's keys (they are rotated with <c>lender key</c>, never uploaded).
/// </summary>
public sealed record LenderSettingsDocument
{
    public const string FileName = "settings.json";

    public string? Region { get; init; }

    public string? Brand { get; init; }

    public Dictionary<string, string>? LocalizedBrands { get; init; }

    public string? Hotline { get; init; }

    public string? Language { get; init; }

    public string? TimeZone { get; init; }

    public string? Currency { get; init; }

    public Dictionary<string, string>? PayMethods { get; init; }

    public string? PayLink { get; init; }

    public string? PlanLink { get; init; }

    public Dictionary<string, string>? PenaltyInfo { get; init; }

    public List<string>? Stages { get; init; }

    public List<string>? CleanHistoryStages { get; init; }

    public int? CleanHistoryMinimumOnTime { get; init; }

    public SendWindowDocument? SendWindow { get; init; }

    public List<string>? NoSendDays { get; init; }

    /// <summary>Local spans inside the send window a day's messages are spread over, e.g. ["10:00–12:00", "18:30–19:30"].</summary>
    public List<string>? SendTimes { get; init; }

    public int? MaxMessagesPerDay { get; init; }

    public int? MaxMessagesPer7Days { get; init; }

    public int? SegmentBudget { get; init; }

    public decimal? PricePerSegment { get; init; }

    public bool? LegalActionConfigured { get; init; }

    public List<string>? SenderIds { get; init; }

    public int? PaidReplyPauseDays { get; init; }

    public int? ReplyRetentionDays { get; init; }

    public int? ThankYouValidDays { get; init; }

    /// <summary>Phrases added to the built-in reply reader; see <see cref="Events.LenderReplyPhrase"/>.</summary>
    public List<ReplyPhraseDocument>? ReplyPhrases { get; init; }

    /// <summary>Camel-case names, comments and trailing commas allowed (people write this by hand), unknown names refused.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The names a document may use, as written in it.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
        [.. typeof(LenderSettingsDocument).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))];

    /// <summary>The complete document of settings in force, every field written out, so it can be edited and uploaded back.</summary>
    public static LenderSettingsDocument From(LenderSettings settings) => new()
    {
        Region = settings.DefaultRegion,
        Brand = settings.Brand,
        LocalizedBrands = new(settings.LocalizedBrands),
        Hotline = settings.Hotline,
        Language = settings.DefaultLanguage,
        TimeZone = settings.DefaultTimeZone,
        Currency = settings.PriceCurrency,
        PayMethods = new(settings.PayMethods),
        PayLink = settings.PayLink,
        PlanLink = settings.PlanLink,
        PenaltyInfo = new(settings.PenaltyInfo),
        Stages = [.. settings.Stages],
        CleanHistoryStages = [.. settings.CleanHistoryStages],
        CleanHistoryMinimumOnTime = settings.CleanHistoryMinimumOnTime,
        SendWindow = new SendWindowDocument
        {
            From = settings.SendWindow.AllowedFrom.ToString("HH:mm", CultureInfo.InvariantCulture),
            Until = settings.SendWindow.AllowedUntil.ToString("HH:mm", CultureInfo.InvariantCulture),
        },
        NoSendDays = [.. settings.NoSendDays.Select(day => day.ToString())],
        // Settings made before send times (or in code) have no spans; a document that names none is refused, so such a
        // lender's document leaves the field out and, checked again, takes its region's spans.
        SendTimes = settings.SendTimes.Count == 0 ? null : [.. settings.SendTimes.Select(span => span.ToString())],
        MaxMessagesPerDay = settings.MaxMessagesPerDay,
        MaxMessagesPer7Days = settings.MaxMessagesPer7Days,
        SegmentBudget = settings.SegmentBudget,
        PricePerSegment = settings.PricePerSegment,
        LegalActionConfigured = settings.LegalActionConfigured,
        SenderIds = [.. settings.SenderIds],
        PaidReplyPauseDays = settings.PaidReplyPauseDays,
        ReplyRetentionDays = settings.ReplyRetentionDays,
        ThankYouValidDays = settings.ThankYouValidDays,
        ReplyPhrases = [.. settings.ReplyPhrases.Select(phrase => new ReplyPhraseDocument
        {
            Language = phrase.Language,
            Intent = phrase.Intent is { } intent ? ReplyPhrasesCheck.NameOf(intent) : ReplyPhrasesCheck.NoIntent,
            Text = phrase.Text,
            Match = phrase.Match.ToString().ToLowerInvariant(),
        })],
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
