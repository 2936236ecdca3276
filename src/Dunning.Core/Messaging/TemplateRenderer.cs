using System.Collections.Concurrent;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Dunning.Core.Messaging;

public sealed record RenderResult(string? Text, string? Error)
{
    public bool Succeeded => Text is not null;
}

/// <summary>
/// Liquid via Fluid. Templates are parsed once per (id, version). Values go in as plain strings, numbers and
/// booleans under the <see cref="MessageFields"/> names; an unknown name renders nothing here, and the validator
/// rejects it before a lender's template is ever used.
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<(string Id, string Version), IFluidTemplate> parsed = new();
    private readonly TemplateOptions options = new()
    {
        // Liquid has no use for HTML here; SMS text goes out verbatim.
        Trimming = TrimmingFlags.None,
        MaxSteps = 10_000,
    };

    public static bool TryParse(string text, out IFluidTemplate? template, out string? error)
    {
        var ok = Parser.TryParse(text, out var result, out var parseError);
        template = ok ? result : null;
        error = ok ? null : parseError;
        return ok;
    }

    public async ValueTask<RenderResult> RenderAsync(MessageTemplate template, IReadOnlyDictionary<string, object?> fields)
    {
        if (!parsed.TryGetValue((template.Id, template.Version), out var fluid))
        {
            if (!TryParse(template.Text, out fluid, out var error))
            {
                return new RenderResult(null, error);
            }

            parsed[(template.Id, template.Version)] = fluid!;
        }

        return new RenderResult(await RenderAsync(fluid!, fields, options), null);
    }

    internal static async ValueTask<string> RenderAsync(IFluidTemplate template, IReadOnlyDictionary<string, object?> fields, TemplateOptions options)
    {
        var context = new TemplateContext(options);
        foreach (var (name, value) in fields)
        {
            context.SetValue(name, ToFluid(value));
        }

        var text = await template.RenderAsync(context, NullEncoder.Default);
        return Normalize(text);
    }

    /// <summary>Collapses the blank lines and edge whitespace a template's tags leave behind.</summary>
    private static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0);
        return string.Join("\n", lines);
    }

    private static FluidValue ToFluid(object? value) => value switch
    {
        null => NilValue.Instance,
        string s when string.IsNullOrWhiteSpace(s) => NilValue.Instance,
        string s => new StringValue(s),
        bool b => BooleanValue.Create(b),
        int i => NumberValue.Create(i),
        decimal d => NumberValue.Create(d),
        _ => new StringValue(value.ToString() ?? ""),
    };

    /// <summary>Every top-level variable a template reads (assigned and loop variables excluded).</summary>
    public static IReadOnlySet<string> ReferencedNames(IFluidTemplate template)
    {
        var collector = new NameCollector();
        collector.VisitTemplate(template);
        collector.Referenced.ExceptWith(collector.Declared);
        collector.Referenced.Remove("forloop");
        return collector.Referenced;
    }

    private sealed class NameCollector : AstVisitor
    {
        public HashSet<string> Referenced { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Declared { get; } = new(StringComparer.Ordinal);

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            if (memberExpression.Segments.Count > 0 && memberExpression.Segments[0] is IdentifierSegment first)
            {
                Referenced.Add(first.Identifier);
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Declared.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Declared.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Declared.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }
    }
}
