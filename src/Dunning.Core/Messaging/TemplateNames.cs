namespace Dunning.Core.Messaging;

/// <summary>
/// Template file names: "{name}.{language}.liquid", where name is a stage ("T-7", "T0", "T+3", "THANKS"), a tone
/// ("reminder", "warm-notice", "formal-notice", "thank-you") or a reply ("reply-help" ...). A stage's message uses
/// the most specific template that exists: stage first, then its tone.
/// </summary>
public static class TemplateNames
{
    public const string Extension = ".liquid";

    /// <summary>
    /// The default pack's short variant of a template ("T0.en.short.liquid"): what a stage falls back to when the
    /// full text is over the lender's segment budget.
    /// </summary>
    public const string ShortSuffix = ".short";

    public static string ForTone(Tone tone) => tone switch
    {
        Tone.Reminder => "reminder",
        Tone.WarmNotice => "warm-notice",
        Tone.FormalNotice => "formal-notice",
        Tone.ThankYou => "thank-you",
        _ => "reply",
    };

    public static string ForReply(ReplyKind kind) => kind switch
    {
        ReplyKind.Help => "reply-help",
        ReplyKind.OptOutConfirmation => "reply-opt-out",
        ReplyKind.OptInConfirmation => "reply-opt-in",
        ReplyKind.PlanReply => "reply-plan",
        ReplyKind.PaidAcknowledgement => "reply-paid",
        ReplyKind.WrongNumberApology => "reply-wrong-number",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The names to look up for a stage, most specific first.</summary>
    public static IReadOnlyList<string> LookupOrder(Stage stage) => [stage.Name, ForTone(stage.Tone)];

    public static string FileName(string name, string language) => $"{name}.{language}{Extension}";

    public static string ShortFileName(string name, string language) => $"{name}.{language}{ShortSuffix}{Extension}";

    /// <summary>True for the id of a short variant ("default/T0.en.short.liquid").</summary>
    public static bool IsShortVariant(string? templateId) =>
        templateId is not null && templateId.EndsWith(ShortSuffix + Extension, StringComparison.Ordinal);

    /// <summary>The tone a template name is written for, or null when the name is not one we know.</summary>
    public static Tone? ToneOf(string name)
    {
        if (Stage.TryParse(name, out var stage))
        {
            return stage.Tone;
        }

        if (name.StartsWith("reply", StringComparison.Ordinal))
        {
            return Tone.Reply;
        }

        return Enum.GetValues<Tone>().Where(t => t != Tone.Reply).Select(t => (Tone?)t).FirstOrDefault(t => ForTone(t!.Value) == name);
    }

    public static bool IsReply(string name) => name.StartsWith("reply-", StringComparison.Ordinal);
}
