using Dunning.Core.Eligibility;
using Dunning.Core.Personalization;

namespace Dunning.Core.Tests.Personalization;

public sealed class CadencePolicyTests
{
    [Theory]
    [InlineData("T-7", false)]
    [InlineData("T-3", true)]
    [InlineData("T-1", false)]
    [InlineData("T0", true)]
    [InlineData("T+1", true)]
    public void Evaluate_CleanHistory_GetsOnlyCleanHistoryStagesBeforeDue(string stage, bool allowed)
    {
        var borrower = TestData.Borrower() with { OnTimePayments = 5 };

        var decision = CadencePolicy.Evaluate(Stage.Parse(stage), borrower, TestData.Installment(), TestData.Lender());

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(allowed ? null : SuppressionReasons.NotInCadence, decision.Reason);
    }

    [Fact]
    public void Evaluate_OneLatePayment_IsNotClean() =>
        Assert.True(CadencePolicy.Evaluate(Stage.Parse("T-7"), TestData.Borrower() with { OnTimePayments = 9, LatePayments = 1 }, null, TestData.Lender()).Allowed);

    [Fact]
    public void Evaluate_HighSegmentWithCleanHistory_StillGetsEarliestReminder()
    {
        var borrower = TestData.Borrower() with { OnTimePayments = 5, Segment = "high" };

        Assert.True(CadencePolicy.Evaluate(Stage.Parse("T-7"), borrower, null, TestData.Lender()).Allowed);
        Assert.False(CadencePolicy.Evaluate(Stage.Parse("T-1"), borrower, null, TestData.Lender()).Allowed);
    }

    [Theory]
    [InlineData("T0", null, false)]
    [InlineData("T+1", null, false)]
    [InlineData("T+1", "high", true)]
    [InlineData("T+3", "HIGH", true)]
    [InlineData("T+7", null, true)]
    public void Evaluate_PlanOffer_FromFirstOverdueStageForHighSegmentAndInFormalNotices(string stage, string? segment, bool offer)
    {
        var decision = CadencePolicy.Evaluate(Stage.Parse(stage), TestData.Borrower() with { Segment = segment }, null, TestData.Lender());

        Assert.Equal(offer, decision.PlanOffer);
    }

    [Fact]
    public void Evaluate_InstallmentSegmentHigh_CountsAsHigh() =>
        Assert.True(CadencePolicy.Evaluate(Stage.Parse("T+1"), TestData.Borrower(), TestData.Installment() with { Segment = "high" }, TestData.Lender()).PlanOffer);

    [Fact]
    public void Evaluate_ThankYou_AlwaysAllowed() =>
        Assert.True(CadencePolicy.Evaluate(Stage.ThankYou, TestData.Borrower() with { OnTimePayments = 10 }, null, TestData.Lender()).Allowed);
}
