using Dunning.Core.Lenders;

namespace Dunning.Core.Tests.Onboarding;

public sealed class LenderSettingsAssignmentsTests
{
    private const string Document = """{ "region": "US", "brand": "Acme", "hotline": "(212) 736-5000", "maxMessagesPerDay": 1 }""";

    private static LenderSettings Apply(params string[] assignments)
    {
        var (json, problems) = LenderSettingsAssignments.Apply(Document, assignments);
        Assert.Empty(problems);
        var result = LenderSettingsValidator.Check("acme", json!, null);
        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        return result.Settings!;
    }

    [Fact]
    public void Apply_NumbersTextsListsAndParts_AreSet()
    {
        var settings = Apply("maxMessagesPer7Days=2", "hotline=2127365001", "stages=T-3, T0", "sendWindow.from=09:30", "payMethods.en=at acme.example", "TimeZone=America/Denver");

        Assert.Equal(2, settings.MaxMessagesPer7Days);
        Assert.Equal("2127365001", settings.Hotline);
        Assert.Equal(["T-3", "T0"], settings.Stages);
        Assert.Equal(new TimeOnly(9, 30), settings.SendWindow.AllowedFrom);
        Assert.Equal("at acme.example", settings.PayMethods["en"]);
        Assert.Equal("America/Denver", settings.DefaultTimeZone);
    }

    [Fact]
    public void Apply_EmptyValue_RestoresTheDefault()
    {
        var settings = Apply("maxMessagesPerDay=");

        Assert.Equal(RegionDefaults.UnitedStates.MaxMessagesPerDay, settings.MaxMessagesPerDay);
    }

    [Theory]
    [InlineData("maxMessages=1", "maxMessages", "not a setting")]
    [InlineData("brand", "brand", "key=value")]
    [InlineData("brand.en=Acme", "brand.en", "no parts")]
    public void Apply_UnreadableAssignment_IsRefused(string assignment, string field, string reason)
    {
        var (json, problems) = LenderSettingsAssignments.Apply(Document, [assignment]);

        Assert.Null(json);
        Assert.Contains(problems, p => p.Field == field && p.Reason.Contains(reason, StringComparison.Ordinal));
    }
}
