using System.Diagnostics.Metrics;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Personalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dunning.Core.Tests.Messaging;

public sealed class StageMessageComposerTests
{
    private readonly InMemoryTemplateStore store = new();

    private StageMessageComposer Composer() => new(new TemplateCatalog(store, NullLogger<TemplateCatalog>.Instance), NullLogger.Instance);

    /// <summary>An English-reading borrower whose name is Chinese: the salutation forces UCS-2.</summary>
    private static async Task<StageMessage> ComposeAsync(StageMessageComposer composer, LenderSettings lender, string stageName, string language, string borrowerName)
    {
        var stage = Stage.Parse(stageName);
        var fields = MessageFields.For(lender, language, borrowerName, Money.Of(1234.5m, "CNY"), TestData.DueDate, stage, planOffer: false, "https://pay.example.cn/x");
        return await composer.ComposeAsync(lender, stage, language, null, fields, LintContext.For(lender, language, stage.Tone, MessageFields.ForLint(fields)));
    }

    [Fact]
    public async Task ComposeAsync_EnglishT0ForChineseNameOverBudget_FallsBackToTheShortVariant()
    {
        var lender = TestData.Lender() with { SegmentBudget = 3 };
        var stage = Stage.Parse("T0");
        var fields = MessageFields.For(lender, Languages.English, "王小明", Money.Of(1234.5m, "CNY"), TestData.DueDate, stage, planOffer: false, "https://pay.example.cn/x");
        var full = await new TemplateRenderer().RenderAsync(DefaultTemplatePack.Find("T0", Languages.English)!, fields);
        var fullLength = SmsSegments.Measure(full.Text!);

        var composed = await ComposeAsync(Composer(), lender, "T0", Languages.English, "王小明");

        Assert.Equal((TextEncoding.Ucs2, 4), (fullLength.Encoding, fullLength.Segments));
        Assert.True(composed.Composed);
        Assert.True(composed.IsShortVariant);
        Assert.Equal(StageMessage.ShortVariantReason, composed.SendReason);
        Assert.Equal("default/T0.en.short.liquid", composed.Template!.Id);
        Assert.Equal(TextEncoding.Ucs2, composed.Lint!.Encoding);
        Assert.InRange(composed.Lint.Segments, 1, 3);
        Assert.StartsWith("Anxin: Dear 王小明,", composed.Text, StringComparison.Ordinal);
        Assert.EndsWith("Reply STOP to opt out", composed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_FullTextFits_SendsTheFullTemplate()
    {
        var composed = await ComposeAsync(Composer(), TestData.Lender(), "T0", Languages.English, "Ann Lee");

        Assert.False(composed.IsShortVariant);
        Assert.Null(composed.SendReason);
        Assert.Equal("default/T0.en.liquid", composed.Template!.Id);
    }

    [Fact]
    public async Task ComposeAsync_LenderTemplateOverBudget_UsesTheDefaultFullTextBeforeAnyShortVariant()
    {
        await store.SaveAsync(TestData.LenderId, "T0", Languages.English, string.Concat(Enumerable.Repeat("We appreciate your business and look forward to serving you. ", 8)) + DefaultTemplatePack.Find("T0", Languages.English)!.Text);

        var composed = await ComposeAsync(Composer(), TestData.Lender(), "T0", Languages.English, "Ann Lee");

        Assert.Equal(("default/T0.en.liquid", false), (composed.Template!.Id, composed.IsShortVariant));
    }

    [Fact]
    public async Task ComposeAsync_NothingFitsEvenShort_RejectsAgainstTheFirstCandidate()
    {
        var composed = await ComposeAsync(Composer(), TestData.Lender() with { SegmentBudget = 1 }, "T-3", Languages.Chinese, "张三");

        Assert.False(composed.Composed);
        Assert.Equal("default/reminder.zh-CN.liquid", composed.RejectedTemplateId);
    }

    [Fact]
    public async Task ComposeAsync_FallbackAndRejection_AreCountedOnTheDunningMeter()
    {
        var lenderId = "meter-" + Guid.NewGuid().ToString("N")[..8];
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MessageMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "lender" && Equals(t.Value, lenderId)))
            {
                lock (counts)
                {
                    counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + value;
                }
            }
        });
        listener.Start();
        var lender = TestData.Lender() with { LenderId = lenderId };

        await ComposeAsync(Composer(), lender, "T0", Languages.English, "王小明");
        await ComposeAsync(Composer(), lender with { SegmentBudget = 1 }, "T-3", Languages.Chinese, "张三");

        Assert.Equal(1, counts.GetValueOrDefault(MessageMetrics.ShortVariantFallbacks));
        Assert.Equal(1, counts.GetValueOrDefault(MessageMetrics.TemplateRejections));
    }

    [Theory]
    [MemberData(nameof(DefaultTemplatePackTests.StagesAndLanguages), MemberType = typeof(DefaultTemplatePackTests))]
    public async Task FindShort_EveryStageAndLanguage_HasAShortVariantWithinTheDefaultBudgetInUcs2(string stageName, string language)
    {
        var stage = Stage.Parse(stageName);
        var lender = TestData.Lender();
        var template = TemplateNames.LookupOrder(stage).Select(n => DefaultTemplatePack.FindShort(n, language)).OfType<MessageTemplate>().First();
        var fields = TemplateValidator.SampleFields(lender, language, stage);
        fields[MessageFields.BorrowerName] = MessageFormat.Salutation("欧阳明月", language);
        fields[MessageFields.Name] = "欧阳明月";

        var rendered = await new TemplateRenderer().RenderAsync(template, fields);
        var report = MessageLint.Check(rendered.Text!, LintContext.For(lender, language, stage.Tone, MessageFields.ForLint(fields)));

        Assert.True(report.Passed, $"{template.Id}: {report} :: {rendered.Text}");
    }
}
