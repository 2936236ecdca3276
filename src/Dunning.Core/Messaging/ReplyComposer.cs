using Dunning.Core.Lenders;
using Dunning.Core.Sending;

namespace Dunning.Core.Messaging;

public sealed record ComposedReply(
    ReplyKind Kind,
    string Language,
    string Text,
    TextEncoding Encoding,
    int Segments,
    string TemplateId,
    string TemplateVersion,
    LintReport Lint)
{
    public string Stage => Core.Stage.ReplyName;
}

/// <summary>
/// Automatic answers (help, STOP/START confirmations, plan, paid, wrong number) from the default reply templates
/// and the lender's settings. Pure. The lint is the collection lint minus the required fields; the wrong-number
/// apology is also checked for any word that would reveal a debt to a stranger.
/// </summary>
public sealed class ReplyComposer
{
    private readonly TemplateRenderer renderer = new();

    /// <param name="lenderTemplate">The lender's own template for this reply, if any; used only when it passes the lint.</param>
    public async ValueTask<ComposedReply> ComposeAsync(ReplyKind kind, string? language, LenderSettings settings, MessageTemplate? lenderTemplate = null)
    {
        var lang = Languages.Normalize(language) ?? Languages.Normalize(settings.DefaultLanguage) ?? Languages.Chinese;
        var fields = MessageFields.ForLender(settings, lang);
        var context = LintContext.For(settings, lang, Tone.Reply, MessageFields.ForLint(fields)) with
        {
            MayReachThirdParty = kind == ReplyKind.WrongNumberApology,
        };

        var candidates = new[] { lenderTemplate, DefaultTemplatePack.Find(TemplateNames.ForReply(kind), lang) }.OfType<MessageTemplate>();
        ComposedReply? last = null;
        foreach (var template in candidates)
        {
            var rendered = await renderer.RenderAsync(template, fields);
            if (!rendered.Succeeded)
            {
                continue;
            }

            var lint = MessageLint.Check(rendered.Text!, context);
            last = new ComposedReply(kind, lang, rendered.Text!, lint.Encoding, lint.Segments, template.Id, template.Version, lint);
            if (lint.Passed)
            {
                return last;
            }
        }

        return last ?? throw new InvalidOperationException($"No reply template for {kind} in {lang}.");
    }
}
