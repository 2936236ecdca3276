using Dunning.Core.FollowUps;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;

namespace Dunning.Core.Reports;

/// <summary>
/// A staff-written answer as it will go out: the lender's brand added (the 【品牌】 prefix in Chinese, "Brand: " in
/// English) and checked by the same lint as templates, with the reply tone (no collection fields required). An
/// answer to a wrong-number report may reach a stranger, so no debt may show in it.
/// </summary>
public static class StaffReplyText
{
    public static (string Text, LintReport Lint) Compose(string written, string language, LenderSettings lender, FollowUpKind kind)
    {
        var brand = lender.BrandFor(language);
        var body = written.Trim();
        var text = language == Languages.Chinese
            ? (body.StartsWith($"【{brand}】", StringComparison.Ordinal) ? body : $"【{brand}】{body}")
            : (body.StartsWith(brand, StringComparison.OrdinalIgnoreCase) ? body : $"{brand}: {body}");
        var context = LintContext.For(lender, language, Tone.Reply) with { MayReachThirdParty = kind is FollowUpKind.WrongNumber or FollowUpKind.UnknownSender };
        return (text, MessageLint.Check(text, context));
    }
}
