using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Tests.Personalization;

namespace Dunning.Core.Tests.Messaging;

public sealed class DefaultTemplatePackTests
{
    public static TheoryData<string, string> StagesAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var stage in Stage.DefaultCadence.Select(s => s.Name).Append(Stage.ThankYouName))
        {
            foreach (var language in Languages.Supported)
            {
                data.Add(stage, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StagesAndLanguages))]
    public async Task Find_EveryStageAndLanguage_RendersAndPassesLint(string stageName, string language)
    {
        var stage = Stage.Parse(stageName);
        var lender = TestData.Lender();
        var template = TemplateNames.LookupOrder(stage).Select(n => DefaultTemplatePack.Find(n, language)).OfType<MessageTemplate>().First();
        var fields = TemplateValidator.SampleFields(lender, language, stage);

        var rendered = await new TemplateRenderer().RenderAsync(template, fields);
        var report = MessageLint.Check(rendered.Text!, LintContext.For(lender, language, stage.Tone, MessageFields.ForLint(fields)));

        Assert.True(report.Passed, $"{template.Id}: {report} :: {rendered.Text}");
        Assert.DoesNotContain("{{", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_EveryDefaultTemplate_PassesTheUploadValidator()
    {
        var lender = TestData.Lender();

        foreach (var template in DefaultTemplatePack.All.Values)
        {
            var report = await TemplateValidator.ValidateAsync(template.Name, template.Language, template.Text, lender);
            Assert.True(report.Accepted, report.ToString());
        }
    }

    [Fact]
    public void All_CoversEveryToneAndReplyInBothLanguages()
    {
        var names = new[] { Tone.Reminder, Tone.WarmNotice, Tone.FormalNotice, Tone.ThankYou }.Select(TemplateNames.ForTone)
            .Concat(Enum.GetValues<ReplyKind>().Select(TemplateNames.ForReply));

        foreach (var name in names)
        {
            foreach (var language in Languages.Supported)
            {
                Assert.NotNull(DefaultTemplatePack.Find(name, language));
            }
        }
    }

    [Fact]
    public void Find_Versions_AreStableContentHashes()
    {
        var template = DefaultTemplatePack.Find("reminder", Languages.Chinese)!;

        Assert.StartsWith("default-", template.Version, StringComparison.Ordinal);
        Assert.Equal("default/reminder.zh-CN.liquid", template.Id);
        Assert.NotEqual(template.Version, DefaultTemplatePack.Find("reminder", Languages.English)!.Version);
    }
}
