using BenchmarkDotNet.Attributes;
using Dunning.Core;
using Dunning.Core.Events;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;

namespace Dunning.Benchmarks;

/// <summary>
/// The pure-Core work done once per message: render the template, lint the text, count its segments, and (per
/// reply) match the intent. Allocations matter as much as time: each runs for every one of a million reminders.
/// </summary>
[MemoryDiagnoser]
public class CoreHotPathBenchmarks
{
    private readonly TemplateRenderer renderer = new();
    private MessageTemplate template = null!;
    private Dictionary<string, object?> fields = null!;
    private LintContext lintContext = null!;
    private string text = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var settings = LenderSettings.DefaultFor("bench") with { Brand = "安心借", Hotline = "400-820-8820", PayLink = "https://pay.example.com/a" };
        var stage = Stage.Parse("T-3");
        template = DefaultTemplatePack.Find(TemplateNames.ForTone(stage.Tone), Languages.Chinese)
            ?? throw new InvalidOperationException("The default pack has no Chinese reminder template.");
        fields = MessageFields.For(settings, Languages.Chinese, "张伟", Money.Of(1200.50m, "CNY"), new DateOnly(2031, 1, 18), stage, planOffer: false);
        lintContext = LintContext.For(settings, Languages.Chinese, stage.Tone, MessageFields.ForLint(fields));
        text = (await renderer.RenderAsync(template, fields)).Text ?? throw new InvalidOperationException("The template did not render.");
    }

    [Benchmark]
    public async Task<RenderResult> RenderTemplate() => await renderer.RenderAsync(template, fields);

    [Benchmark]
    public LintReport LintMessage() => MessageLint.Check(text, lintContext);

    [Benchmark]
    public SmsLength MeasureSegments() => SmsSegments.Measure(text);

    [Benchmark]
    [Arguments("退订")]
    [Arguments("I already paid yesterday, please stop")]
    [Arguments("can I pay in instalments? 分期")]
    public ReplyIntent MatchIntent(string reply) => IntentMatcher.Default.Match(reply);
}
