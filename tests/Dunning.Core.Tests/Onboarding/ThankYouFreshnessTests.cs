using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;

namespace Dunning.Core.Tests.Onboarding;

public sealed class ThankYouFreshnessTests
{
    private static readonly DateOnly PaidOn = new(2026, 11, 20);

    [Theory]
    [InlineData(null, 3)]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    public void StaleFrom_ThankYou_CountsTheLendersDaysFromThePayment(int? setting, int expectedDays)
    {
        var lender = LenderSettings.DefaultFor("acme");
        lender = setting is { } days ? lender with { ThankYouValidDays = days } : lender;

        var staleFrom = StageSchedule.For(lender).StaleFrom(Stage.ThankYou, PaidOn.AddDays(5), PaidOn, PaidOn);

        Assert.Equal(PaidOn.AddDays(expectedDays), staleFrom);
    }
}
