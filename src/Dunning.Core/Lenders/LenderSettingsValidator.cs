using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dunning.Core.Schedules;
using PhoneNumbers;

namespace Dunning.Core.Lenders;

/// <summary>
/// Checks a lender's settings document field by field and turns it into the settings in force. Every refusal
/// names the field and says what would be accepted; one bad field refuses the whole document, so a lender never
/// runs on half of what it wrote (the last good settings stay in use).
/// </summary>
public static partial class LenderSettingsValidator
{
    /// <summary>A settings document is a page of JSON; anything larger is not one.</summary>
    public const int MaxDocumentBytes = 64 * 1024;

    public const int MaxBrandLength = 40;
    public const int MaxSenderIds = 20;
    public const int MaxSendTimes = 8;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly HashSet<string> Regions = [.. Phones.GetSupportedRegions()];

    [GeneratedRegex("^[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex AlphanumericSenderId();

    [GeneratedRegex("^[0-9]{3,8}$")]
    private static partial Regex ShortCode();

    [GeneratedRegex("'([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    /// <summary>Reads and checks a document; <paramref name="current"/> supplies what a document never carries (keys, experiments).</summary>
    public static LenderSettingsValidation Check(string lenderId, string json, LenderSettings? current)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxDocumentBytes)
        {
            return LenderSettingsValidation.Refused([new SettingsProblem("(document)", $"is larger than {MaxDocumentBytes / 1024} KB; a settings document is one page of JSON")]);
        }

        var (document, problems) = Parse(json);
        if (document is null)
        {
            return LenderSettingsValidation.Refused(problems);
        }

        var validation = Validate(lenderId, document, current);
        var lines = FieldLines(json);
        return validation with
        {
            Problems = [.. validation.Problems.Select(p => p with { Line = lines.GetValueOrDefault(p.Field.Split('.', '[')[0]) })],
        };
    }

    public static (LenderSettingsDocument? Document, IReadOnlyList<SettingsProblem> Problems) Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<LenderSettingsDocument>(json, LenderSettingsDocument.Json) is { } document
                ? (document, [])
                : (null, [new SettingsProblem("(document)", "is empty: write one JSON object with at least region, brand and hotline")]);
        }
        catch (JsonException e)
        {
            return (null, [Describe(e)]);
        }
    }

    public static LenderSettingsValidation Validate(string lenderId, LenderSettingsDocument document, LenderSettings? current)
    {
        var problems = new List<SettingsProblem>();
        void Refuse(string field, string reason) => problems.Add(new SettingsProblem(field, reason));

        var regionCode = document.Region?.Trim().ToUpperInvariant();
        RegionDefaults? region = null;
        if (string.IsNullOrEmpty(regionCode))
        {
            Refuse("region", "is required: the ISO 3166 code of the country the lender lends in, e.g. US or CN");
        }
        else if (!Regions.Contains(regionCode))
        {
            Refuse("region", $"'{document.Region}' is not a region code libphonenumber knows (ISO 3166 alpha-2, e.g. US or CN)");
        }
        else
        {
            region = RegionDefaults.Find(regionCode);
            if (region is null && (document.Language is null || document.TimeZone is null || document.Currency is null))
            {
                Refuse("region", $"{regionCode} has no defaults here (only {string.Join(", ", RegionDefaults.All.Select(r => r.Region))}): give language, timeZone and currency too");
            }
        }

        // A region without a row of its own gets the stricter row's window and caps (China's: 1 a day, 3 in 7 days).
        var defaults = LenderSettings.DefaultFor(LenderId.Require(lenderId), region ?? RegionDefaults.China);

        CheckText("brand", document.Brand, required: true, MaxBrandLength, Refuse);
        if (document.Brand?.IndexOfAny(['【', '】']) >= 0)
        {
            Refuse("brand", "must not contain 【 or 】: Chinese messages add the brackets themselves");
        }

        foreach (var (language, brand) in document.LocalizedBrands ?? [])
        {
            CheckLanguageKey("localizedBrands", language, Refuse);
            CheckText($"localizedBrands.{language}", brand, required: true, MaxBrandLength, Refuse);
        }

        CheckHotline(document.Hotline, regionCode, Refuse);

        if (document.Language is not null && (Languages.Normalize(document.Language) is null || !Languages.Supported.Contains(Languages.Normalize(document.Language)!)))
        {
            Refuse("language", $"'{document.Language}' is not a message language here (one of {string.Join(", ", Languages.Supported)})");
        }

        if (document.TimeZone is not null)
        {
            CheckTimeZone(document.TimeZone, Refuse);
        }

        string? currency = null;
        if (document.Currency is not null)
        {
            currency = FieldRules.Currency(document.Currency.Trim(), out _);
            if (currency is null || currency != document.Currency.Trim())
            {
                Refuse("currency", $"'{document.Currency}' is not an ISO 4217 currency code in capitals, e.g. USD or CNY");
            }
        }

        CheckLanguageTexts("payMethods", document.PayMethods, 60, Refuse);
        CheckLanguageTexts("penaltyInfo", document.PenaltyInfo, 200, Refuse);
        CheckLink("payLink", document.PayLink, Refuse);
        CheckLink("planLink", document.PlanLink, Refuse);

        var stages = document.Stages ?? [.. defaults.Stages];
        CheckStages(stages, Refuse);
        foreach (var stage in document.CleanHistoryStages ?? [])
        {
            if (!stages.Any(s => Stage.TryParse(s, out var a) && Stage.TryParse(stage, out var b) && a == b))
            {
                Refuse("cleanHistoryStages", $"'{stage}' is not one of the lender's stages ({string.Join(", ", stages)})");
            }
        }

        CheckRange("cleanHistoryMinimumOnTime", document.CleanHistoryMinimumOnTime, 1, 24, "on-time payments", Refuse);
        var window = CheckSendWindow(document.SendWindow, defaults.SendWindow, Refuse);
        var noSendDays = CheckNoSendDays(document.NoSendDays, Refuse);
        var sendTimes = CheckSendTimes(document.SendTimes, region ?? RegionDefaults.China, window, Refuse);

        CheckRange("maxMessagesPerDay", document.MaxMessagesPerDay, 1, RegionDefaults.MaxMessagesPer7DaysCeiling, "messages a local day", Refuse);
        CheckRange("maxMessagesPer7Days", document.MaxMessagesPer7Days, 1, RegionDefaults.MaxMessagesPer7DaysCeiling,
            "messages in 7 days (7 in 7 days is the US Reg F reference point, the ceiling everywhere)", Refuse);
        var perDay = document.MaxMessagesPerDay ?? defaults.MaxMessagesPerDay;
        var per7Days = document.MaxMessagesPer7Days ?? defaults.MaxMessagesPer7Days;
        if (perDay > per7Days && perDay <= RegionDefaults.MaxMessagesPer7DaysCeiling)
        {
            Refuse("maxMessagesPerDay", $"{perDay} a day is more than maxMessagesPer7Days ({per7Days})");
        }

        CheckRange("segmentBudget", document.SegmentBudget, 1, 10, "SMS segments per message", Refuse);
        if (document.PricePerSegment is { } price && (price < 0 || price > 10 || decimal.Round(price, 4) != price))
        {
            Refuse("pricePerSegment", $"{price.ToString(CultureInfo.InvariantCulture)} is not a price between 0 and 10 with at most 4 decimal places");
        }

        CheckSenderIds(document.SenderIds, Refuse);
        CheckRange("paidReplyPauseDays", document.PaidReplyPauseDays, 0, 30, "days", Refuse);
        CheckRange("replyRetentionDays", document.ReplyRetentionDays, 1, 365, "days", Refuse);
        CheckRange("thankYouValidDays", document.ThankYouValidDays, 1, 14, "local days after the payment", Refuse);
        var replyPhrases = ReplyPhrasesCheck.Read(document.ReplyPhrases, Refuse);

        if (problems.Count > 0)
        {
            return LenderSettingsValidation.Refused(problems);
        }

        return new LenderSettingsValidation(defaults with
        {
            DefaultRegion = regionCode!,
            Brand = document.Brand!.Trim(),
            LocalizedBrands = document.LocalizedBrands?.ToDictionary(p => Languages.Normalize(p.Key)!, p => p.Value.Trim()) ?? defaults.LocalizedBrands,
            Hotline = document.Hotline!.Trim(),
            DefaultLanguage = Languages.Normalize(document.Language) ?? defaults.DefaultLanguage,
            DefaultTimeZone = document.TimeZone ?? defaults.DefaultTimeZone,
            PriceCurrency = currency ?? defaults.PriceCurrency,
            PayMethods = document.PayMethods?.ToDictionary(p => Languages.Normalize(p.Key)!, p => p.Value.Trim()) ?? defaults.PayMethods,
            PayLink = document.PayLink,
            PlanLink = document.PlanLink,
            PenaltyInfo = document.PenaltyInfo?.ToDictionary(p => Languages.Normalize(p.Key)!, p => p.Value.Trim()) ?? defaults.PenaltyInfo,
            Stages = [.. stages.Select(s => Stage.Parse(s).Name)],
            CleanHistoryStages = document.CleanHistoryStages is { } clean ? [.. clean.Select(s => Stage.Parse(s).Name)] : defaults.CleanHistoryStages,
            CleanHistoryMinimumOnTime = document.CleanHistoryMinimumOnTime ?? defaults.CleanHistoryMinimumOnTime,
            SendWindow = window,
            NoSendDays = noSendDays,
            SendTimes = sendTimes,
            MaxMessagesPerDay = perDay,
            MaxMessagesPer7Days = per7Days,
            SegmentBudget = document.SegmentBudget ?? defaults.SegmentBudget,
            PricePerSegment = document.PricePerSegment ?? defaults.PricePerSegment,
            LegalActionConfigured = document.LegalActionConfigured ?? false,
            SenderIds = document.SenderIds is { } senders ? [.. senders.Select(s => s.Trim())] : defaults.SenderIds,
            PaidReplyPauseDays = document.PaidReplyPauseDays ?? defaults.PaidReplyPauseDays,
            ReplyRetentionDays = document.ReplyRetentionDays ?? defaults.ReplyRetentionDays,
            ThankYouValidDays = document.ThankYouValidDays ?? defaults.ThankYouValidDays,
            ReplyPhrases = replyPhrases,
            // Never from a document: keys are rotated with `lender key`, experiments are set by the platform.
            ApiKeyHashes = current?.ApiKeyHashes ?? [],
            Experiments = current?.Experiments ?? [],
        }, []);
    }

    private static void CheckText(string field, string? value, bool required, int maxLength, Action<string, string> refuse)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                refuse(field, "is required");
            }

            return;
        }

        if (value.Trim().Length > maxLength)
        {
            refuse(field, $"is longer than {maxLength} characters");
        }
        else if (value.Any(char.IsControl))
        {
            refuse(field, "contains control characters (line breaks, tabs)");
        }
        else if (FieldRules.LooksLikeFormula(value))
        {
            refuse(field, "starts like a spreadsheet formula (=, +, -, @)");
        }
    }

    private static void CheckLanguageKey(string field, string language, Action<string, string> refuse)
    {
        if (Languages.Normalize(language) is not { } normalized || !Languages.Supported.Contains(normalized))
        {
            refuse(field, $"'{language}' is not a message language here (one of {string.Join(", ", Languages.Supported)})");
        }
    }

    private static void CheckLanguageTexts(string field, Dictionary<string, string>? texts, int maxLength, Action<string, string> refuse)
    {
        foreach (var (language, text) in texts ?? [])
        {
            CheckLanguageKey(field, language, refuse);
            CheckText($"{field}.{language}", text, required: true, maxLength, refuse);
        }
    }

    private static void CheckHotline(string? hotline, string? region, Action<string, string> refuse)
    {
        if (string.IsNullOrWhiteSpace(hotline))
        {
            refuse("hotline", "is required: the number borrowers call, shown in every message");
            return;
        }

        try
        {
            var number = Phones.Parse(hotline, region is not null && Regions.Contains(region) ? region : "ZZ");
            if (!Phones.IsValidNumber(number))
            {
                refuse("hotline", $"is not a valid phone number{(region is null ? "" : " in " + region)} (write it with + and the country code if it is abroad)");
            }
        }
        catch (NumberParseException)
        {
            refuse("hotline", "is not a phone number");
        }
    }

    private static void CheckTimeZone(string value, Action<string, string> refuse)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone) || !zone.HasIanaId)
        {
            refuse("timeZone", $"'{value}' is not an IANA time zone id, e.g. America/New_York or Asia/Shanghai");
        }
        else if (!string.Equals(zone.Id, value, StringComparison.Ordinal))
        {
            refuse("timeZone", $"'{value}' is written differently from its IANA id '{zone.Id}'");
        }
    }

    private static void CheckLink(string field, string? link, Action<string, string> refuse)
    {
        if (link is null)
        {
            return;
        }

        if (link.Length > 200 || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            refuse(field, "is not an https link of at most 200 characters");
        }
    }

    private static void CheckStages(List<string> stages, Action<string, string> refuse)
    {
        if (stages.Count == 0)
        {
            refuse("stages", "is empty: list at least one stage, e.g. T-3, T0, T+3");
            return;
        }

        var offsets = new HashSet<int>();
        foreach (var name in stages)
        {
            if (!Stage.TryParse(name, out var stage) || !stage.IsCollection)
            {
                refuse("stages", $"'{name}' is not a stage: write T-N (N days before the due date, up to 60), T0 or T+N (up to 365)");
            }
            else if (!offsets.Add(stage.OffsetDays))
            {
                refuse("stages", $"'{name}' is listed twice");
            }
        }
    }

    private static QuietHours CheckSendWindow(SendWindowDocument? window, QuietHours fallback, Action<string, string> refuse)
    {
        if (window is null)
        {
            return fallback;
        }

        TimeOnly? Read(string field, string? text, TimeOnly otherwise)
        {
            if (text is null)
            {
                return otherwise;
            }

            if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            refuse(field, $"'{text}' is not a local time written HH:mm, e.g. 09:00");
            return null;
        }

        var from = Read("sendWindow.from", window.From, fallback.AllowedFrom);
        var until = Read("sendWindow.until", window.Until, fallback.AllowedUntil);
        if (from < RegionDefaults.EarliestSend)
        {
            refuse("sendWindow.from", $"{from:HH:mm} is earlier than {RegionDefaults.EarliestSend:HH:mm}: no message may go out before then (Reg F; China's 21:00–08:00 rule)");
        }

        if (until > RegionDefaults.LatestSend)
        {
            refuse("sendWindow.until", $"{until:HH:mm} is later than {RegionDefaults.LatestSend:HH:mm}: no message may go out after then (Reg F; China's 21:00–08:00 rule)");
        }

        if (from is { } start && until is { } end && start >= end)
        {
            refuse("sendWindow", $"from {start:HH:mm} is not before until {end:HH:mm}");
        }

        return from is { } f && until is { } u ? new QuietHours(f, u) : fallback;
    }

    /// <summary>
    /// The lender's spans, each inside the send window; without any, the region's spans cut to the window (the whole
    /// window when a narrow window leaves nothing of them).
    /// </summary>
    private static IReadOnlyList<SendTimeSpan> CheckSendTimes(List<string>? texts, RegionDefaults region, QuietHours window, Action<string, string> refuse)
    {
        if (texts is null)
        {
            var fitted = region.SendTimes.Select(span => span.Within(window)).OfType<SendTimeSpan>().ToList();
            return fitted.Count > 0 ? fitted : [new SendTimeSpan(window.AllowedFrom, window.AllowedUntil)];
        }

        if (texts.Count is 0 or > MaxSendTimes)
        {
            refuse("sendTimes", $"lists {texts.Count}: give 1 to {MaxSendTimes} spans such as \"10:00–12:00\" (leave sendTimes out for the region's)");
            return [];
        }

        var spans = new List<SendTimeSpan>();
        foreach (var text in texts)
        {
            if (SendTimeSpan.TryParse(text) is not { } span)
            {
                refuse("sendTimes", $"'{text}' is not a span of local times written HH:mm–HH:mm, e.g. 10:00–12:00");
            }
            else if (span.From >= span.Until)
            {
                refuse("sendTimes", $"'{text}' does not end after it starts (a span cannot cross midnight)");
            }
            else if (span.Within(window) != span)
            {
                refuse("sendTimes", $"'{text}' is not inside the send window {window.AllowedFrom:HH:mm}–{window.AllowedUntil:HH:mm}");
            }
            else if (spans.FirstOrDefault(other => other.From < span.Until && span.From < other.Until) is { } overlap)
            {
                refuse("sendTimes", $"'{text}' overlaps {overlap}");
            }
            else
            {
                spans.Add(span);
            }
        }

        return [.. spans.OrderBy(span => span.From)];
    }

    private static IReadOnlyList<DayOfWeek> CheckNoSendDays(List<string>? days, Action<string, string> refuse)
    {
        var parsed = new List<DayOfWeek>();
        foreach (var day in days ?? [])
        {
            if (!day.Any(char.IsDigit) && Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var value) && Enum.IsDefined(value))
            {
                parsed.Add(value);
            }
            else
            {
                refuse("noSendDays", $"'{day}' is not a day of the week (Monday … Sunday)");
            }
        }

        if (parsed.Distinct().Count() == 7)
        {
            refuse("noSendDays", "names every day of the week: nothing could ever be sent");
        }

        return [.. parsed.Distinct()];
    }

    private static void CheckSenderIds(List<string>? senderIds, Action<string, string> refuse)
    {
        if (senderIds is null)
        {
            return;
        }

        if (senderIds.Count is 0 or > MaxSenderIds)
        {
            refuse("senderIds", $"lists {senderIds.Count}: give 1 to {MaxSenderIds} sender ids");
        }

        foreach (var senderId in senderIds)
        {
            if (SenderIdProblem(senderId.Trim()) is { } reason)
            {
                refuse("senderIds", $"'{senderId}' {reason}");
            }
        }

        if (senderIds.Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != senderIds.Count)
        {
            refuse("senderIds", "lists a sender id twice");
        }
    }

    /// <summary>Why a sender id is not one ACS can send from, or null: an E.164 number, a short code, or an alphanumeric id.</summary>
    public static string? SenderIdProblem(string senderId)
    {
        if (senderId.StartsWith('+'))
        {
            try
            {
                var number = Phones.Parse(senderId, "ZZ");
                return Phones.IsValidNumber(number) && Phones.Format(number, PhoneNumberFormat.E164) == senderId
                    ? null
                    : "is not a valid E.164 number (+ country code and number, no spaces)";
            }
            catch (NumberParseException)
            {
                return "is not a valid E.164 number (+ country code and number, no spaces)";
            }
        }

        if (ShortCode().IsMatch(senderId))
        {
            return null;
        }

        return AlphanumericSenderId().IsMatch(senderId) && senderId.Any(char.IsAsciiLetter)
            ? null
            : "is neither an E.164 number (+15551234567), a short code (3 to 8 digits) nor an alphanumeric id (1 to 11 letters, digits or spaces, at least one letter)";
    }

    private static void CheckRange(string field, int? value, int min, int max, string unit, Action<string, string> refuse)
    {
        if (value is { } v && (v < min || v > max))
        {
            refuse(field, $"{v} is outside {min}–{max} {unit}");
        }
    }

    private static SettingsProblem Describe(JsonException e)
    {
        var line = (e.LineNumber ?? 0) + 1;
        if (UnmappedProperty().Match(e.Message) is { Success: true } unmapped)
        {
            return new SettingsProblem(unmapped.Groups[1].Value, $"is not a setting (known: {string.Join(", ", LenderSettingsDocument.FieldNames)})", line);
        }

        if (e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) && e.InnerException is null or InvalidOperationException or FormatException)
        {
            var field = path[2..];
            var property = typeof(LenderSettingsDocument).GetProperties()
                .FirstOrDefault(p => string.Equals(p.Name, field.Split('.', '[')[0], StringComparison.OrdinalIgnoreCase));
            if (property is not null)
            {
                return new SettingsProblem(field, $"has the wrong kind of value: expected {KindOf(property.PropertyType)}", line);
            }
        }

        return new SettingsProblem("(document)", $"is not valid JSON near line {line}: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}", line);
    }

    private static string KindOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => "a whole number",
        var t when t == typeof(decimal) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(string) => "text in quotes",
        var t when t == typeof(List<string>) => "a list of texts, e.g. [\"T-3\", \"T0\"]",
        var t when t == typeof(Dictionary<string, string>) => "an object of language to text, e.g. {\"en\": \"...\"}",
        var t when t == typeof(SendWindowDocument) => "an object {\"from\": \"08:00\", \"until\": \"21:00\"}",
        var t => t.Name,
    };

    /// <summary>The line each top-level field starts on, so a refusal can point at it.</summary>
    private static Dictionary<string, long> FieldLines(string json)
    {
        var lines = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var line = 1 + bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n');
                    lines.TryAdd(reader.GetString()!, line);
                }
            }
        }
        catch (JsonException)
        {
            // Parse has already reported it.
        }

        return lines;
    }
}
