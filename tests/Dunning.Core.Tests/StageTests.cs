using Dunning.Core;

namespace Dunning.Core.Tests;

public sealed class StageTests
{
    [Theory]
    [InlineData("T-7", -7, Tone.Reminder)]
    [InlineData("T0", 0, Tone.Reminder)]
    [InlineData("T+1", 1, Tone.WarmNotice)]
    [InlineData("T+3", 3, Tone.WarmNotice)]
    [InlineData("T+7", 7, Tone.FormalNotice)]
    [InlineData("t+30", 30, Tone.FormalNotice)]
    public void Parse_ReadsOffsetAndTone(string text, int offset, Tone tone)
    {
        var stage = Stage.Parse(text);

        Assert.Equal(offset, stage.OffsetDays);
        Assert.Equal(tone, stage.Tone);
    }

    [Theory]
    [InlineData("")]
    [InlineData("T")]
    [InlineData("X+1")]
    [InlineData("T+abc")]
    public void TryParse_RejectsNonStages(string text) => Assert.False(Stage.TryParse(text, out _));

    [Fact]
    public void DueDateOn_GoesBackByOffsetAcrossLeapDay()
    {
        Assert.Equal(new DateOnly(2028, 2, 29), Stage.Parse("T+1").DueDateOn(new DateOnly(2028, 3, 1)));
        Assert.Equal(new DateOnly(2028, 3, 6), Stage.Parse("T-7").DueDateOn(new DateOnly(2028, 2, 28)));
    }
}

public sealed class LenderSettingsTests
{
    [Fact]
    public void BrandFor_UsesTheLocalizedBrandWhenThereIsOne()
    {
        var lender = Lenders.LenderSettings.DefaultFor("acme") with
        {
            Brand = "安信金融",
            LocalizedBrands = new Dictionary<string, string> { [Lenders.Languages.English] = "Anxin" },
        };

        Assert.Equal(("安信金融", "Anxin"), (lender.BrandFor(Lenders.Languages.Chinese), lender.BrandFor(Lenders.Languages.English)));
    }
}
