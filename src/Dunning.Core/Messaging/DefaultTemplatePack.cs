using System.IO.Hashing;
using System.Text;

namespace Dunning.Core.Messaging;

/// <summary>The built-in templates (embedded Messaging/DefaultTemplates/*.liquid): what every lender gets until it uploads its own.</summary>
public static class DefaultTemplatePack
{
    private const string ResourcePrefix = "Dunning.Core.Messaging.DefaultTemplates.";

    private static readonly Lazy<IReadOnlyDictionary<string, MessageTemplate>> Templates = new(Load);

    /// <summary>Every default template by file name ("reminder.zh-CN.liquid", "T0.en.short.liquid").</summary>
    public static IReadOnlyDictionary<string, MessageTemplate> All => Templates.Value;

    public static MessageTemplate? Find(string name, string language) =>
        All.GetValueOrDefault(TemplateNames.FileName(name, language));

    /// <summary>The short variant of a stage or tone template, for a text over the segment budget.</summary>
    public static MessageTemplate? FindShort(string name, string language) =>
        All.GetValueOrDefault(TemplateNames.ShortFileName(name, language));

    private static IReadOnlyDictionary<string, MessageTemplate> Load()
    {
        var assembly = typeof(DefaultTemplatePack).Assembly;
        var templates = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = resource[ResourcePrefix.Length..];
            var stem = fileName[..^TemplateNames.Extension.Length];
            if (stem.EndsWith(TemplateNames.ShortSuffix, StringComparison.Ordinal))
            {
                stem = stem[..^TemplateNames.ShortSuffix.Length];
            }

            var languageAt = stem.LastIndexOf('.');
            var (name, language) = (stem[..languageAt], stem[(languageAt + 1)..]);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            var version = "default-" + Convert.ToHexStringLower(XxHash32.Hash(Encoding.UTF8.GetBytes(text)));
            templates[fileName] = new MessageTemplate("default/" + fileName, version, name, language, text, IsDefault: true);
        }

        return templates;
    }
}
