using Dunning.Core.Events;

namespace Dunning.Core.Tests.Events;

public sealed class InboundNumbersTests
{
    [Theory]
    [InlineData("+18005550199", "+18005550199")]
    [InlineData("18005550199", "+18005550199")]
    [InlineData(" 8613800138000 ", "+8613800138000")]
    [InlineData("008613800138000", "+8613800138000")]
    [InlineData("95588", "95588")]
    [InlineData("ACME", "ACME")]
    public void SenderId_ReadsDigitsAsInternationalAndKeepsShortCodes(string value, string expected) =>
        Assert.Equal(expected, InboundNumbers.SenderId(value));

    [Theory]
    [InlineData("+8613800138000", "CN", "+8613800138000")]
    [InlineData("8613800138000", "CN", "+8613800138000")]
    [InlineData("12125550123", "CN", "+12125550123")]
    [InlineData("2125550123", "US", "+12125550123")]
    [InlineData("not a number", "CN", "not a number")]
    public void Readings_PutTheInternationalReadingFirst(string value, string region, string first) =>
        Assert.Equal(first, InboundNumbers.Readings(value, region)[0]);

    [Fact]
    public void Readings_NationalMobile_IncludesTheRegionalReading() =>
        Assert.Contains("+8613800138000", InboundNumbers.Readings("13800138000", "CN"));

    [Fact]
    public void Readings_WithPlus_IgnoreTheRegion() =>
        Assert.Equal(["+8613800138000"], InboundNumbers.Readings("+8613800138000", "US"));
}
