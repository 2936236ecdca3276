using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dunning.Core.Messaging;

/// <summary>A field a collection message must carry.</summary>
public sealed record RequiredFieldRule
{
    public required string Id { get; init; }

    /// <summary>The template field whose rendered value must appear (brand, hotline, amount_due ...).</summary>
    public required string Field { get; init; }

    /// <summary>A second field that satisfies the rule instead (pay_link for pay_method).</summary>
    public string? AlternativeField { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Per language: the value must open the text in this form ("【{0}】").</summary>
    public IReadOnlyDictionary<string, string> PrefixFormat { get; init; } = new Dictionary<string, string>();

    /// <summary>Per language: fixed text that must appear whatever the field's value.</summary>
    public IReadOnlyDictionary<string, string> Literal { get; init; } = new Dictionary<string, string>();

    /// <summary>Per language: what to look for when the caller does not know the field's value (the CLI lint).</summary>
    public IReadOnlyDictionary<string, string> FallbackPattern { get; init; } = new Dictionary<string, string>();

    /// <summary>Every message kind needs it (the brand: thank-yous and replies too), not only collection messages.</summary>
    public bool EveryKind { get; init; }
}

/// <summary>Words no message may contain; each pattern is a case-insensitive regular expression.</summary>
public sealed record ForbiddenRule
{
    public required string Id { get; init; }
    public required string Category { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Patterns { get; init; } = [];

    /// <summary>Factual mentions of legal action are lawful once the lender has really configured it.</summary>
    public bool AllowedWhenLegalActionConfigured { get; init; }

    /// <summary>Applies only to messages that may reach someone other than the borrower (wrong-number replies).</summary>
    public bool OnlyForThirdParty { get; init; }

    /// <summary>
    /// A match that a negation governs ("we will never contact your family", 绝不会上门) is a promise, not a threat,
    /// and passes. See <see cref="NegationRule"/> for what "governs" means.
    /// </summary>
    public bool Negatable { get; init; }
}

/// <summary>The lint's rule list: data (Messaging/lint-rules.json), so compliance can change it without code.</summary>
public sealed record LintRules
{
    public IReadOnlyList<RequiredFieldRule> Required { get; init; } = [];
    public IReadOnlyList<ForbiddenRule> Forbidden { get; init; } = [];
    public IReadOnlyList<NegationRule> Negation { get; init; } = [];

    private static readonly Lazy<LintRules> Embedded = new(LoadEmbedded);

    public static LintRules Default => Embedded.Value;

    public static LintRules Parse(string json) =>
        JsonSerializer.Deserialize<LintRules>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new JsonException("Empty lint rules.");

    internal IReadOnlyList<(ForbiddenRule Rule, Regex Pattern)> CompiledForbidden => compiled ??= [.. Forbidden
        .SelectMany(rule => rule.Patterns.Select(p => (rule, new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))))];

    private IReadOnlyList<(ForbiddenRule, Regex)>? compiled;

    internal IReadOnlyList<Regex> CompiledNegation => compiledNegation ??= [.. Negation.Select(rule => rule.Compile())];

    private IReadOnlyList<Regex>? compiledNegation;

    internal IReadOnlyList<Regex> CompiledCoordination => compiledCoordination ??= [.. Negation.Select(rule => rule.CompileCoordination()).OfType<Regex>()];

    private IReadOnlyList<Regex>? compiledCoordination;

    private static LintRules LoadEmbedded()
    {
        using var stream = typeof(LintRules).Assembly.GetManifestResourceStream("Dunning.Core.Messaging.lint-rules.json")
            ?? throw new InvalidOperationException("The embedded lint rules are missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
