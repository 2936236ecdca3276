using Dunning.Core.Lenders;
using Fluid;

namespace Dunning.Core.Messaging;

public sealed record TemplateValidationReport(
    string Name,
    string Language,
    string? ParseError,
    IReadOnlyList<string> UnknownFields,
    IReadOnlyList<string> Problems,
    LintReport? SampleLint,
    string? SampleText)
{
    public bool Accepted => ParseError is null && UnknownFields.Count == 0 && Problems.Count == 0 && SampleLint is { Passed: true };

    public override string ToString() => Accepted
        ? $"{Name}.{Language}: accepted ({SampleLint})"
        : $"{Name}.{Language}: rejected: " + string.Join("; ", new[]
            {
                ParseError is null ? null : "parse error: " + ParseError,
                UnknownFields.Count == 0 ? null : "unknown fields: " + string.Join(", ", UnknownFields),
                Problems.Count == 0 ? null : string.Join("; ", Problems),
                SampleLint is { Passed: false } lint ? "lint: " + lint : null,
            }.OfType<string>());
}

/// <summary>
/// Checks a lender's template before it is used: it must parse, read only known fields, and render (for a
/// sample borrower with every field set, worst case lengths) into a text that passes the lint.
/// </summary>
public static class TemplateValidator
{
    /// <summary>A long name and a large amount, so the sample is as long as real messages get.</summary>
    private const string SampleBorrowerName = "欧阳明月";
    private const string SampleEnglishName = "Alexandrina Montgomery";
    private static readonly DateOnly SampleDueDate = new(2026, 11, 30);

    public static async ValueTask<TemplateValidationReport> ValidateAsync(string name, string language, string text, LenderSettings settings)
    {
        var problems = new List<string>();
        var normalizedLanguage = Languages.Normalize(language);
        if (normalizedLanguage is null)
        {
            problems.Add($"Unsupported language '{language}' (zh-CN or en).");
        }

        var tone = TemplateNames.ToneOf(name);
        if (tone is null)
        {
            problems.Add($"Unknown template name '{name}' (a stage such as T-3 or THANKS, a tone such as reminder, or a reply-*).");
        }

        if (!TemplateRenderer.TryParse(text, out var template, out var parseError))
        {
            return new TemplateValidationReport(name, language, parseError, [], problems, null, null);
        }

        var referenced = TemplateRenderer.ReferencedNames(template!);
        var unknown = referenced.Where(n => !MessageFields.All.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (tone == Tone.Reply || TemplateNames.IsReply(name))
        {
            problems.AddRange(referenced.Where(MessageFields.DebtFields.Contains).Order(StringComparer.Ordinal)
                .Select(field => $"A reply may not use '{field}': it can reach someone who is not the borrower."));
        }

        if (normalizedLanguage is null || tone is null)
        {
            return new TemplateValidationReport(name, language, null, unknown, problems, null, null);
        }

        var stage = Stage.TryParse(name, out var parsedStage) ? parsedStage : SampleStageFor(tone.Value);
        var fields = SampleFields(settings, normalizedLanguage, stage);
        var rendered = await TemplateRenderer.RenderAsync(template!, fields, new TemplateOptions());
        var lint = MessageLint.Check(rendered, LintContext.For(settings, normalizedLanguage, tone.Value, MessageFields.ForLint(fields)) with
        {
            MayReachThirdParty = name == TemplateNames.ForReply(ReplyKind.WrongNumberApology),
        });
        return new TemplateValidationReport(name, language, null, unknown, problems, lint, rendered);
    }

    /// <summary>A sample borrower at the given stage with a plan offer, so conditional parts render too.</summary>
    public static Dictionary<string, object?> SampleFields(LenderSettings settings, string language, Stage stage)
    {
        var fields = MessageFields.For(
            settings,
            language,
            language == Languages.Chinese ? SampleBorrowerName : SampleEnglishName,
            Money.Of(123_456.78m, settings.PriceCurrency == "USD" ? "USD" : "CNY"),
            SampleDueDate,
            stage,
            planOffer: true);
        fields[MessageFields.PlanLink] ??= "https://example.com/plan";
        fields[MessageFields.PayLink] ??= "https://example.com/pay";
        fields[MessageFields.PenaltyInfo] ??= language == Languages.Chinese ? "逾期将按合同收取罚息" : "late fees apply as per your agreement";
        return fields;
    }

    private static Stage SampleStageFor(Tone tone) => tone switch
    {
        Tone.WarmNotice => Stage.AtOffset(3),
        Tone.FormalNotice => Stage.AtOffset(30),
        Tone.ThankYou => Stage.ThankYou,
        Tone.Reply => Stage.Reply,
        _ => Stage.AtOffset(-7),
    };
}
