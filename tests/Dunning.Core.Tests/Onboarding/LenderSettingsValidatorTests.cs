using Dunning.Core.Lenders;
using Dunning.Core.Events;

namespace Dunning.Core.Tests.Onboarding;

public sealed class LenderSettingsValidatorTests
{
    private const string LenderId = "acme-us";

    private const string MinimalUs = """{ "region": "US", "brand": "Acme Lending", "hotline": "(212) 736-5000" }""";

    private static LenderSettingsValidation Check(string json, LenderSettings? current = null) =>
        LenderSettingsValidator.Check(LenderId, json, current);

    /// <summary>The minimal US document with one field added or replaced.</summary>
    private static string UsWith(string field) => MinimalUs.TrimEnd('}', ' ') + ", " + field + " }";

    [Fact]
    public void Check_MinimalUsDocument_GetsUsDefaults()
    {
        var result = Check(MinimalUs);

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        var settings = result.Settings!;
        Assert.Equal(("US", "en", "America/New_York", "USD"), (settings.DefaultRegion, settings.DefaultLanguage, settings.DefaultTimeZone, settings.PriceCurrency));
        Assert.Equal(new QuietHours(new TimeOnly(8, 0), new TimeOnly(21, 0)), settings.SendWindow);
        Assert.Equal((1, 7), (settings.MaxMessagesPerDay, settings.MaxMessagesPer7Days));
        Assert.Equal(3, settings.ThankYouValidDays);
        Assert.Equal(LenderId, settings.LenderId);
    }

    [Fact]
    public void Check_MinimalChineseDocument_GetsChinasDefaults()
    {
        var result = Check("""{ "region": "cn", "brand": "安信金融", "hotline": "400-820-8820" }""");

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        var settings = result.Settings!;
        Assert.Equal(("CN", "zh-CN", "Asia/Shanghai", "CNY"), (settings.DefaultRegion, settings.DefaultLanguage, settings.DefaultTimeZone, settings.PriceCurrency));
        Assert.Equal((1, 3), (settings.MaxMessagesPerDay, settings.MaxMessagesPer7Days));
    }

    [Fact]
    public void Check_EveryFieldGiven_IsAppliedAsWritten()
    {
        var result = Check("""
            {
              // comments are allowed: people write this by hand
              "region": "US", "brand": "Acme Lending", "localizedBrands": { "zh-CN": "艾克米" }, "hotline": "+1 212 736 5000",
              "language": "zh-CN", "timeZone": "America/Chicago", "currency": "USD",
              "payMethods": { "en": "at acme.example" }, "payLink": "https://acme.example/pay", "planLink": "https://acme.example/plan",
              "penaltyInfo": { "en": "a late fee of $15" }, "stages": ["T-3", "T0", "T+3"], "cleanHistoryStages": ["T0"],
              "cleanHistoryMinimumOnTime": 4, "sendWindow": { "from": "09:00", "until": "20:00" }, "noSendDays": ["Sunday"],
              "maxMessagesPerDay": 1, "maxMessagesPer7Days": 2, "segmentBudget": 2, "pricePerSegment": 0.0079,
              "legalActionConfigured": true, "senderIds": ["+18005550100", "12345", "ACME"], "paidReplyPauseDays": 5,
              "replyRetentionDays": 60, "thankYouValidDays": 2,
            }
            """, LenderSettings.DefaultFor(LenderId) with { ApiKeyHashes = ["kept"] });

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        var s = result.Settings!;
        Assert.Equal("艾克米", s.BrandFor("zh-CN"));
        Assert.Equal(("zh-CN", "America/Chicago"), (s.DefaultLanguage, s.DefaultTimeZone));
        Assert.Equal(["T-3", "T0", "T+3"], s.Stages);
        Assert.Equal(new QuietHours(new TimeOnly(9, 0), new TimeOnly(20, 0)), s.SendWindow);
        Assert.Equal([DayOfWeek.Sunday], s.NoSendDays);
        Assert.Equal((1, 2, 2, 0.0079m), (s.MaxMessagesPerDay, s.MaxMessagesPer7Days, s.SegmentBudget, s.PricePerSegment));
        Assert.Equal(["+18005550100", "12345", "ACME"], s.SenderIds);
        Assert.Equal((5, 60, 2, true), (s.PaidReplyPauseDays, s.ReplyRetentionDays, s.ThankYouValidDays, s.LegalActionConfigured));
        Assert.Equal(["kept"], s.ApiKeyHashes);
    }

    [Theory]
    [InlineData("\"region\": \"XX\"", "region", "not a region code")]
    [InlineData("\"brand\": \"\"", "brand", "is required")]
    [InlineData("\"brand\": \"【Acme】\"", "brand", "must not contain")]
    [InlineData("\"brand\": \"=HYPERLINK(1)\"", "brand", "spreadsheet formula")]
    [InlineData("\"localizedBrands\": { \"fr\": \"Acme\" }", "localizedBrands", "not a message language")]
    [InlineData("\"hotline\": \"12\"", "hotline", "not a valid phone number in US")]
    [InlineData("\"language\": \"fr\"", "language", "not a message language")]
    [InlineData("\"timeZone\": \"Mars/Olympus\"", "timeZone", "not an IANA time zone id")]
    [InlineData("\"timeZone\": \"america/new_york\"", "timeZone", "IANA")]
    [InlineData("\"currency\": \"DOLLARS\"", "currency", "ISO 4217")]
    [InlineData("\"currency\": \"usd\"", "currency", "ISO 4217")]
    [InlineData("\"payMethods\": { \"en\": \"\" }", "payMethods.en", "is required")]
    [InlineData("\"payLink\": \"http://acme.example/pay\"", "payLink", "https link")]
    [InlineData("\"planLink\": \"not a link\"", "planLink", "https link")]
    [InlineData("\"penaltyInfo\": { \"de\": \"x\" }", "penaltyInfo", "not a message language")]
    [InlineData("\"stages\": [\"T-3\", \"T+99999\"]", "stages", "is not a stage")]
    [InlineData("\"stages\": [\"THANKS\"]", "stages", "is not a stage")]
    [InlineData("\"stages\": [\"T0\", \"t0\"]", "stages", "listed twice")]
    [InlineData("\"stages\": []", "stages", "is empty")]
    [InlineData("\"cleanHistoryStages\": [\"T-7\"], \"stages\": [\"T0\"]", "cleanHistoryStages", "not one of the lender's stages")]
    [InlineData("\"cleanHistoryMinimumOnTime\": 0", "cleanHistoryMinimumOnTime", "outside 1–24")]
    [InlineData("\"sendWindow\": { \"from\": \"07:30\" }", "sendWindow.from", "earlier than 08:00")]
    [InlineData("\"sendWindow\": { \"until\": \"21:30\" }", "sendWindow.until", "later than 21:00")]
    [InlineData("\"sendWindow\": { \"from\": \"9am\" }", "sendWindow.from", "HH:mm")]
    [InlineData("\"sendWindow\": { \"from\": \"20:00\", \"until\": \"10:00\" }", "sendWindow", "is not before")]
    [InlineData("\"sendTimes\": [\"10am-noon\"]", "sendTimes", "HH:mm–HH:mm")]
    [InlineData("\"sendTimes\": [\"12:00–10:00\"]", "sendTimes", "does not end after it starts")]
    [InlineData("\"sendTimes\": [\"07:30–09:00\"]", "sendTimes", "not inside the send window 08:00–21:00")]
    [InlineData("\"sendWindow\": { \"until\": \"19:00\" }, \"sendTimes\": [\"18:30–19:30\"]", "sendTimes", "not inside the send window 08:00–19:00")]
    [InlineData("\"sendTimes\": [\"10:00–12:00\", \"11:30–13:00\"]", "sendTimes", "overlaps 10:00–12:00")]
    [InlineData("\"sendTimes\": []", "sendTimes", "give 1 to 8")]
    [InlineData("\"noSendDays\": [\"Caturday\"]", "noSendDays", "not a day of the week")]
    [InlineData("\"noSendDays\": [\"1\"]", "noSendDays", "not a day of the week")]
    [InlineData("\"noSendDays\": [\"Monday\",\"Tuesday\",\"Wednesday\",\"Thursday\",\"Friday\",\"Saturday\",\"Sunday\"]", "noSendDays", "every day")]
    [InlineData("\"maxMessagesPerDay\": 0", "maxMessagesPerDay", "outside 1–7")]
    [InlineData("\"maxMessagesPerDay\": 3, \"maxMessagesPer7Days\": 2", "maxMessagesPerDay", "more than maxMessagesPer7Days")]
    [InlineData("\"maxMessagesPer7Days\": 8", "maxMessagesPer7Days", "Reg F")]
    [InlineData("\"segmentBudget\": 11", "segmentBudget", "outside 1–10")]
    [InlineData("\"pricePerSegment\": -1", "pricePerSegment", "between 0 and 10")]
    [InlineData("\"pricePerSegment\": 0.123456", "pricePerSegment", "4 decimal places")]
    [InlineData("\"senderIds\": []", "senderIds", "give 1 to 20")]
    [InlineData("\"senderIds\": [\"+1 800 555 0100\"]", "senderIds", "E.164")]
    [InlineData("\"senderIds\": [\"+1999\"]", "senderIds", "E.164")]
    [InlineData("\"senderIds\": [\"ACME-LENDING-CO\"]", "senderIds", "alphanumeric id")]
    [InlineData("\"senderIds\": [\"12\"]", "senderIds", "short code")]
    [InlineData("\"senderIds\": [\"ACME\", \"acme\"]", "senderIds", "twice")]
    [InlineData("\"paidReplyPauseDays\": 31", "paidReplyPauseDays", "outside 0–30")]
    [InlineData("\"replyRetentionDays\": 0", "replyRetentionDays", "outside 1–365")]
    [InlineData("\"thankYouValidDays\": 0", "thankYouValidDays", "outside 1–14")]
    [InlineData("\"replyPhrases\": [{ \"language\": \"fr\", \"intent\": \"paid\", \"text\": \"payé\" }]", "replyPhrases[0].language", "not a reply language")]
    [InlineData("\"replyPhrases\": [{ \"language\": \"en\", \"intent\": \"settled\", \"text\": \"squared up\" }]", "replyPhrases[0].intent", "not an intent")]
    [InlineData("\"replyPhrases\": [{ \"language\": \"en\", \"intent\": \"paid\", \"text\": \"\" }]", "replyPhrases[0].text", "1 to 60 characters")]
    [InlineData("\"replyPhrases\": [{ \"language\": \"en\", \"intent\": \"paid\", \"text\": \"squared up\", \"match\": \"fuzzy\" }]", "replyPhrases[0].match", "whole, phrase or keyword")]
    [InlineData("\"maxMessagesPerDay\": \"one\"", "maxMessagesPerDay", "a whole number")]
    [InlineData("\"legalActionConfigured\": \"yes\"", "legalActionConfigured", "true or false")]
    [InlineData("\"apiKeyHashes\": [\"x\"]", "apiKeyHashes", "not a setting")]
    [InlineData("\"lenderId\": \"someone-else\"", "lenderId", "not a setting")]
    public void Check_BadField_IsRefusedNamingTheFieldAndWhy(string field, string expectedField, string expectedReason)
    {
        var result = Check(UsWith(field));

        Assert.False(result.Accepted);
        Assert.Null(result.Settings);
        Assert.Contains(result.Problems, p => p.Field == expectedField && p.Reason.Contains(expectedReason, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SendTimes_AreReadInOrderAndRoundTripThroughTheDocument()
    {
        var result = Check(UsWith("\"sendTimes\": [\"18:30-19:30\", \"10:00–12:00\"]"));

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        Assert.Equal(["10:00–12:00", "18:30–19:30"], result.Settings!.SendTimes.Select(span => span.ToString()));
        var again = Check(LenderSettingsDocument.From(result.Settings).ToJson());
        Assert.Equal(result.Settings.SendTimes, again.Settings!.SendTimes);
    }

    [Fact]
    public void From_SettingsWithoutSpans_WritesADocumentTheCheckAccepts()
    {
        var withoutSpans = Check(MinimalUs).Settings! with { SendTimes = [] };

        var again = Check(LenderSettingsDocument.From(withoutSpans).ToJson());

        Assert.True(again.Accepted, string.Join("; ", again.Problems));
        Assert.Equal(RegionDefaults.UnitedStates.SendTimes, again.Settings!.SendTimes);
    }

    [Fact]
    public void Check_NoSendTimes_GetsTheRegionsSpansCutToANarrowerWindow()
    {
        Assert.Equal(RegionDefaults.UnitedStates.SendTimes, Check(MinimalUs).Settings!.SendTimes);

        var narrow = Check(UsWith("\"sendWindow\": { \"from\": \"11:00\", \"until\": \"14:00\" }")).Settings!;
        Assert.Equal(["11:00–12:00", "13:00–14:00"], narrow.SendTimes.Select(span => span.ToString()));

        var between = Check(UsWith("\"sendWindow\": { \"from\": \"12:00\", \"until\": \"13:00\" }")).Settings!;
        Assert.Equal(["12:00–13:00"], between.SendTimes.Select(span => span.ToString()));
    }

    [Fact]
    public void Check_ReplyPhrases_BecomeTheReadersOwnPhrasesAndRoundTripThroughTheDocument()
    {
        var result = Check(UsWith("""
            "replyPhrases": [
              { "language": "en", "intent": "paid", "text": "squared up", "match": "phrase" },
              { "language": "zh-CN", "intent": "opt-out", "text": "别烦我" },
              { "language": "en", "intent": "none", "text": "stop by the branch" }
            ]
            """));

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        var phrases = result.Settings!.ReplyPhrases;
        Assert.Equal(
            [("en", (ReplyIntent?)ReplyIntent.Paid, "squared up"), ("zh-CN", ReplyIntent.OptOut, "别烦我"), ("en", null, "stop by the branch")],
            phrases.Select(p => (p.Language, p.Intent, p.Text)));
        var again = Check(LenderSettingsDocument.From(result.Settings!).ToJson());
        Assert.Equal(phrases, again.Settings!.ReplyPhrases);
        Assert.True(IntentMatcher.Default.For(result.Settings!).Match("all squared up now").Intent == ReplyIntent.Paid);
    }

    [Theory]
    [InlineData("""{ "brand": "Acme", "hotline": "(212) 736-5000" }""", "region", "is required")]
    [InlineData("""{ "region": "US", "hotline": "(212) 736-5000" }""", "brand", "is required")]
    [InlineData("""{ "region": "US", "brand": "Acme" }""", "hotline", "is required")]
    [InlineData("""{ "region": "FR", "brand": "Acme", "hotline": "+33 1 42 68 53 00" }""", "region", "give language, timeZone and currency")]
    [InlineData("""{ "region": "US", """, "(document)", "not valid JSON")]
    [InlineData("""[1, 2]""", "(document)", "")]
    public void Check_DocumentWithoutWhatItNeeds_IsRefused(string json, string expectedField, string expectedReason)
    {
        var result = Check(json);

        Assert.False(result.Accepted);
        Assert.Contains(result.Problems, p => p.Field == expectedField && p.Reason.Contains(expectedReason, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ProblemOnALaterLine_NamesThatLine()
    {
        var result = Check("{\n  \"region\": \"US\",\n  \"brand\": \"Acme\",\n  \"hotline\": \"(212) 736-5000\",\n  \"maxMessagesPer7Days\": 9\n}");

        Assert.Equal(5, Assert.Single(result.Problems).Line);
    }

    [Fact]
    public void Check_RegionWithoutDefaultsAndEverythingGiven_IsAccepted()
    {
        var result = Check("""{ "region": "GB", "brand": "Acme", "hotline": "+44 20 7946 0018", "language": "en", "timeZone": "Europe/London", "currency": "GBP" }""");

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        Assert.Equal(("GB", "GBP"), (result.Settings!.DefaultRegion, result.Settings.PriceCurrency));
    }

    [Fact]
    public void From_SettingsInForce_ReadsBackToTheSameSettings()
    {
        var original = Check(UsWith("\"noSendDays\": [\"Sunday\"], \"thankYouValidDays\": 5")).Settings!;

        var roundTrip = Check(LenderSettingsDocument.From(original).ToJson()).Settings!;

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(original), System.Text.Json.JsonSerializer.Serialize(roundTrip));
    }
}
