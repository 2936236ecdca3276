using System.Globalization;
using System.Text.RegularExpressions;

namespace Dunning.Core.Messaging;

/// <summary>
/// The compliance lint for one text: required fields for collection messages, forbidden threats, shaming and
/// disclosures in both languages, and length against the lender's segment budget. Pure; the rules are data.
/// </summary>
public static class MessageLint
{
    public const string SegmentBudgetRuleId = "segment-budget";
    public const string EmptyTextRuleId = "empty-text";

    /// <summary>How far back a negation can stand: a clause, not the whole message.</summary>
    private const int NegationReach = 60;

    public static LintReport Check(string text, LintContext context) => Check(text, context, LintRules.Default);

    public static LintReport Check(string text, LintContext context, LintRules rules)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<LintFinding>();
        if (string.IsNullOrWhiteSpace(text))
        {
            findings.Add(new LintFinding(EmptyTextRuleId, "required", [], "The message is empty."));
        }

        findings.AddRange(rules.Required
            .Where(rule => rule.EveryKind || context.RequiresCollectionFields)
            .Select(rule => CheckRequired(text, rule, context))
            .OfType<LintFinding>());

        findings.AddRange(CheckForbidden(text, context, rules));

        var length = SmsSegments.Measure(text);
        if (length.Segments > context.SegmentBudget)
        {
            findings.Add(new LintFinding(
                SegmentBudgetRuleId,
                "length",
                [],
                string.Create(CultureInfo.InvariantCulture, $"{length.Segments} {length.Encoding} segments ({length.Units} units) exceed the budget of {context.SegmentBudget}.")));
        }

        var cost = Money.Of(length.Segments * context.PricePerSegment, context.PriceCurrency);
        return new LintReport(findings, length.Encoding, length.Units, length.Segments, cost);
    }

    private static LintFinding? CheckRequired(string text, RequiredFieldRule rule, LintContext context)
    {
        if (rule.Literal.TryGetValue(context.Language, out var literal))
        {
            return text.Contains(literal, StringComparison.OrdinalIgnoreCase)
                ? null
                : Missing(rule, $"The text must contain \"{literal}\".");
        }

        var value = Value(context, rule.Field) ?? (rule.AlternativeField is null ? null : Value(context, rule.AlternativeField));
        if (value is null)
        {
            if (rule.FallbackPattern.TryGetValue(context.Language, out var pattern))
            {
                return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
                    ? null
                    : Missing(rule, $"No {rule.Field} found in the text.");
            }

            // Nothing to compare with: the lint cannot judge this field here (a field the lender left empty is the
            // template validator's concern, which lints a sample render with every field set).
            return null;
        }

        if (rule.PrefixFormat.TryGetValue(context.Language, out var prefixFormat))
        {
            var prefix = string.Format(CultureInfo.InvariantCulture, prefixFormat, value);
            return text.TrimStart().StartsWith(prefix, StringComparison.Ordinal)
                ? null
                : Missing(rule, $"The text must open with \"{prefix}\".");
        }

        var satisfied = text.Contains(value, StringComparison.OrdinalIgnoreCase)
            || (rule.AlternativeField is not null && Value(context, rule.AlternativeField) is { } alternative
                && text.Contains(alternative, StringComparison.OrdinalIgnoreCase));
        return satisfied ? null : Missing(rule, $"The text must contain the {rule.Field}.");
    }

    /// <summary>
    /// The forbidden rules read the normalized text (so "ｐｏｌｉｃｅ", "p.o.l.i.c.e" and "坐 牢" match) and quote the
    /// original words; a match that a negation governs passes when its rule allows it. Matches are taken in reading order,
    /// so a negation that governs one also governs the next when only a coordinator stands between them.
    /// </summary>
    private static IEnumerable<LintFinding> CheckForbidden(string text, LintContext context, LintRules rules)
    {
        var normalized = NormalizedText.From(text);
        var hits = rules.CompiledForbidden
            .Select((entry, order) => (entry.Rule, entry.Pattern, Order: order))
            .Where(entry => !(entry.Rule.AllowedWhenLegalActionConfigured && context.LegalActionConfigured))
            .Where(entry => !entry.Rule.OnlyForThirdParty || context.MayReachThirdParty)
            .SelectMany(entry => entry.Pattern.Matches(normalized.Text).Where(match => match.Length > 0).Select(match => (entry.Rule, entry.Order, Match: match)))
            .OrderBy(hit => hit.Match.Index)
            .ToList();
        var negated = new List<(int Start, int End)>();
        var standing = new List<(ForbiddenRule Rule, int Order, int Index, string Words)>();
        foreach (var (rule, order, match) in hits)
        {
            if (rule.Negatable && (IsNegated(normalized.Text, match.Index, rules) || IsGovernedWithNegated(normalized.Text, match.Index, negated, rules)))
            {
                negated.Add((match.Index, match.Index + match.Length));
                continue;
            }

            standing.Add((rule, order, match.Index, normalized.Original(match.Index, match.Length)));
        }

        return standing
            .OrderBy(hit => hit.Order)
            .ThenBy(hit => hit.Index)
            .GroupBy(hit => hit.Rule.Id)
            .Select(group =>
            {
                var rule = group.First().Rule;
                return new LintFinding(
                    rule.Id,
                    rule.Category,
                    [.. group.Select(hit => hit.Words).Distinct(StringComparer.OrdinalIgnoreCase)],
                    rule.Description);
            });
    }

    private static bool IsNegated(string normalized, int matchStart, LintRules rules)
    {
        var from = Math.Max(0, matchStart - NegationReach);
        var before = normalized[from..matchStart];
        return rules.CompiledNegation.Any(negation => negation.IsMatch(before));
    }

    /// <summary>
    /// The match starts inside a negated one (the same words, as another rule reads them: 在朋友圈公开 | 您的), or a
    /// negated one ends before it with only a coordinator between ("…海报 | 或 | 大字报").
    /// </summary>
    private static bool IsGovernedWithNegated(string normalized, int matchStart, List<(int Start, int End)> negated, LintRules rules) =>
        negated.Any(span => (span.Start <= matchStart && matchStart < span.End)
            || (span.End <= matchStart && matchStart - span.End <= NegationReach
                && rules.CompiledCoordination.Any(coordination => coordination.IsMatch(normalized[span.End..matchStart]))));

    private static string? Value(LintContext context, string field) =>
        context.Fields.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static LintFinding Missing(RequiredFieldRule rule, string message) =>
        new(rule.Id, "required", [], $"{rule.Description} {message}".Trim());
}
