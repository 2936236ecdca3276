using Dunning.Core.Sending.Throughput;

namespace Dunning.Core.Tests.Sending.Throughput;

public sealed class SenderThroughputLimitsTests
{
    [Theory]
    [InlineData("+18005550100", SenderNumberType.TollFree)]
    [InlineData("+18335550100", SenderNumberType.TollFree)]
    [InlineData("+18445550100", SenderNumberType.TollFree)]
    [InlineData("+18555550100", SenderNumberType.TollFree)]
    [InlineData("+18665550100", SenderNumberType.TollFree)]
    [InlineData("+18775550100", SenderNumberType.TollFree)]
    [InlineData("+18885550100", SenderNumberType.TollFree)]
    [InlineData("18885550100", SenderNumberType.TollFree)]
    [InlineData("+12125550100", SenderNumberType.Local)]
    [InlineData("+14255550100", SenderNumberType.Local)]
    [InlineData("+8613800138000", SenderNumberType.Local)]
    [InlineData("12345", SenderNumberType.ShortCode)]
    [InlineData("123456", SenderNumberType.ShortCode)]
    [InlineData("1234567", SenderNumberType.Local)]
    [InlineData("CONTOSO", SenderNumberType.Alphanumeric)]
    [InlineData("Acme Loans", SenderNumberType.Alphanumeric)]
    [InlineData("Loan24", SenderNumberType.Alphanumeric)]
    public void NumberTypeOf_ReadsTheTypeFromTheSenderId(string senderId, SenderNumberType expected) =>
        Assert.Equal(expected, SenderThroughputLimits.NumberTypeOf(senderId));

    [Theory]
    [InlineData("+18005550100", 200)]
    [InlineData("12345", 6_000)]
    [InlineData("CONTOSO", 600)]
    [InlineData("+12125550100", SenderThroughputLimits.DefaultLocalNumberPerMinute)]
    public void PermitsPerMinute_WithoutSettings_IsTheNumberTypesLimit(string senderId, int expected) =>
        Assert.Equal(expected, SenderThroughputLimits.PermitsPerMinute(senderId));

    [Fact]
    public void PermitsPerMinute_LocalNumber_TakesTheConfiguredCampaignRate()
    {
        var settings = new SenderThroughputOptions { LocalNumberPermitsPerMinute = 4_500 };

        Assert.Equal(4_500, SenderThroughputLimits.PermitsPerMinute("+12125550100", settings));
        Assert.Equal(200, SenderThroughputLimits.PermitsPerMinute("+18005550100", settings));
    }

    [Fact]
    public void PermitsPerMinute_PerSenderSetting_OverridesTheTypeAndIsKeyedWithoutThePlus()
    {
        var settings = new SenderThroughputOptions { PermitsPerMinute = { ["18005550100"] = 1_200, ["CONTOSO"] = 100 } };

        Assert.Equal(1_200, SenderThroughputLimits.PermitsPerMinute("+18005550100", settings));
        Assert.Equal(200, SenderThroughputLimits.PermitsPerMinute("+18005550101", settings));
        Assert.Equal(100, SenderThroughputLimits.PermitsPerMinute("contoso", settings));
    }

    [Fact]
    public void BucketKeyOf_AlphanumericIdsShareTheResourcesBucket_NumbersHaveTheirOwn()
    {
        Assert.Equal(SenderThroughputLimits.BucketKeyOf("CONTOSO"), SenderThroughputLimits.BucketKeyOf("FABRIKAM"));
        Assert.NotEqual(SenderThroughputLimits.BucketKeyOf("+18005550100"), SenderThroughputLimits.BucketKeyOf("+18005550101"));
        Assert.Equal("+18005550100", SenderThroughputLimits.BucketKeyOf("+18005550100"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void PermitsPerMinute_EmptySenderId_IsRejected(string senderId) =>
        Assert.ThrowsAny<ArgumentException>(() => SenderThroughputLimits.PermitsPerMinute(senderId));
}
