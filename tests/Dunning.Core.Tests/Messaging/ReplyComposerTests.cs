using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Tests.Personalization;

namespace Dunning.Core.Tests.Messaging;

public sealed class ReplyComposerTests
{
    public static TheoryData<ReplyKind, string> Kinds()
    {
        var data = new TheoryData<ReplyKind, string>();
        foreach (var kind in Enum.GetValues<ReplyKind>())
        {
            foreach (var language in Languages.Supported)
            {
                data.Add(kind, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ComposeAsync_EveryKindAndLanguage_PassesLintAndNamesTheLender(ReplyKind kind, string language)
    {
        var reply = await new ReplyComposer().ComposeAsync(kind, language, TestData.Lender());

        Assert.True(reply.Lint.Passed, reply.Lint.ToString());
        Assert.Contains("Anxin", reply.Text, StringComparison.Ordinal);
        Assert.Equal(Stage.ReplyName, reply.Stage);
        Assert.True(reply.Segments <= 3);
    }

    [Theory]
    [InlineData(Languages.Chinese)]
    [InlineData(Languages.English)]
    public async Task ComposeAsync_WrongNumber_NeverRevealsADebt(string language)
    {
        var reply = await new ReplyComposer().ComposeAsync(ReplyKind.WrongNumberApology, language, TestData.Lender());
        var context = LintContext.For(TestData.Lender(), language, Tone.Reply) with { MayReachThirdParty = true };

        Assert.True(MessageLint.Check(reply.Text, context).Passed);
    }

    [Fact]
    public async Task ComposeAsync_LenderTemplateThatFailsLint_FallsBackToDefault()
    {
        var bad = new MessageTemplate("acme/reply-help.en.liquid", "v1", "reply-help", "en", "{{ brand }}: pay or we tell your employer", false);

        var reply = await new ReplyComposer().ComposeAsync(ReplyKind.Help, "en", TestData.Lender(), bad);

        Assert.StartsWith("default/", reply.TemplateId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_UnknownLanguage_UsesLenderDefault()
    {
        var reply = await new ReplyComposer().ComposeAsync(ReplyKind.OptOutConfirmation, "fr", TestData.Lender());

        Assert.Equal(Languages.Chinese, reply.Language);
        Assert.Contains("退订", reply.Text, StringComparison.Ordinal);
    }
}
