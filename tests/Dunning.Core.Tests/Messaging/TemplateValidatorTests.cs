using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Tests.Personalization;

namespace Dunning.Core.Tests.Messaging;

public sealed class TemplateValidatorTests
{
    private const string GoodReminder =
        "【{{ brand }}】{{ borrower_name }}：您本期应还{{ amount_due }}，请于{{ due_date }}前通过{{ pay_method }}还款。客服{{ hotline }}。{{ opt_out }}";

    [Fact]
    public async Task ValidateAsync_GoodTemplate_IsAccepted()
    {
        var report = await TemplateValidator.ValidateAsync("T-3", Languages.Chinese, GoodReminder, TestData.Lender());

        Assert.True(report.Accepted, report.ToString());
        Assert.Contains("欧阳明月", report.SampleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_ParseError_IsRejectedWithTheError()
    {
        var report = await TemplateValidator.ValidateAsync("T-3", Languages.Chinese, GoodReminder + "{% if plan_offer %}", TestData.Lender());

        Assert.False(report.Accepted);
        Assert.NotNull(report.ParseError);
    }

    [Fact]
    public async Task ValidateAsync_UnknownField_IsNamed()
    {
        var text = GoodReminder + "{% if vip %}{{ customer.nickname }}{% endif %}{% assign x = brand %}{{ x }}";

        var report = await TemplateValidator.ValidateAsync("reminder", Languages.Chinese, text, TestData.Lender());

        Assert.False(report.Accepted);
        Assert.Equal(["customer", "vip"], report.UnknownFields);
    }

    [Fact]
    public async Task ValidateAsync_ThreateningTemplate_IsRejectedByLint()
    {
        var report = await TemplateValidator.ValidateAsync("T+30", Languages.Chinese, GoodReminder + "否则通知亲友", TestData.Lender());

        Assert.False(report.Accepted);
        Assert.Contains(report.SampleLint!.Findings, f => f.RuleId == "third-party-disclosure");
        Assert.Contains("third-party-disclosure", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_MissingOptOut_IsRejected()
    {
        var report = await TemplateValidator.ValidateAsync("T-3", Languages.Chinese, GoodReminder.Replace("{{ opt_out }}", "", StringComparison.Ordinal), TestData.Lender());

        Assert.Contains(report.SampleLint!.Findings, f => f.RuleId == "required-opt-out");
    }

    [Fact]
    public async Task ValidateAsync_UnknownName_IsRejected()
    {
        var report = await TemplateValidator.ValidateAsync("monday-special", Languages.Chinese, GoodReminder, TestData.Lender());

        Assert.False(report.Accepted);
        Assert.NotEmpty(report.Problems);
    }

    [Fact]
    public async Task ValidateAsync_ReplyUsingDebtField_IsRejected()
    {
        var report = await TemplateValidator.ValidateAsync("reply-wrong-number", Languages.English, "{{ brand }}: sorry. {{ amount_due }}", TestData.Lender());

        Assert.False(report.Accepted);
        Assert.Contains(report.Problems, p => p.Contains("amount_due", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UploadAsync_RejectedTemplate_IsNotStored()
    {
        var store = new InMemoryTemplateStore();
        var directories = new InMemoryDirectories();
        directories.Lenders[TestData.LenderId] = TestData.Lender();
        var upload = new TemplateUploadService(store, directories);

        var rejected = await upload.UploadAsync(TestData.LenderId, "T-3", "zh-CN", GoodReminder + "后果自负");
        var accepted = await upload.UploadAsync(TestData.LenderId, "T-3", "zh", GoodReminder);

        Assert.False(rejected.Accepted);
        Assert.True(accepted.Accepted);
        Assert.Equal(GoodReminder, Assert.Single(store.Templates.Values).Text);
    }
}
