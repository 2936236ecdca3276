using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.Core.Events;

/// <summary>
/// The reply reader's data for one language (embedded <c>Events/intents.{language}.json</c>): the phrases of each
/// intent, and the words that shape how a phrase is read: polite padding set aside for whole-message keywords,
/// negators (with the words that may stand between a negator and what it negates), and masks, phrases in which a
/// keyword means something else ("stop a payment", "end of the month").
/// </summary>
public sealed record IntentTable
{
    public static readonly IReadOnlyList<string> EmbeddedLanguages = [Lenders.Languages.English, Lenders.Languages.Chinese];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public required string Language { get; init; }

    public IReadOnlyList<string> Polite { get; init; } = [];

    public IReadOnlyList<string> Negators { get; init; } = [];

    public IReadOnlyList<string> NegationBridges { get; init; } = [];

    public IReadOnlyList<string> Masks { get; init; } = [];

    /// <summary>Capitalised words that are not names ("It doesn't work" is no wrong number).</summary>
    public IReadOnlyList<string> NotNames { get; init; } = [];

    /// <summary>
    /// Endings of words that are no names ("-ing", "-able"): in a reply typed in capitals, where case says nothing, they
    /// keep "I'M NOT LYING" and "I AM NOT RESPONSIBLE" from reading as "I'm not John".
    /// </summary>
    public IReadOnlyList<string> NotNameEndings { get; init; } = [];

    /// <summary>First words that make a clause a question even without "?" ("how", "can").</summary>
    public IReadOnlyList<string> QuestionStarts { get; init; } = [];

    /// <summary>Last words that make a clause a question ("吗").</summary>
    public IReadOnlyList<string> QuestionEnds { get; init; } = [];

    /// <summary>Words that go with opting out and add nothing to it ("from your list", "短信", "以后"); see <see cref="OptOutRemainder"/>.</summary>
    public IReadOnlyList<string> OptOutPadding { get; init; } = [];

    public required IReadOnlyList<IntentEntry> Intents { get; init; }

    public static IntentTable Parse(string json) =>
        JsonSerializer.Deserialize<IntentTable>(json, Options) is { Intents: not null, Language: not null } table
            ? table
            : throw new JsonException("The intent table needs a language and intents.");

    public static IntentTable LoadEmbedded(string language)
    {
        var name = $"Dunning.Core.Events.intents.{language}.json";
        using var stream = typeof(IntentTable).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    public static IReadOnlyList<IntentTable> LoadEmbedded() => [.. EmbeddedLanguages.Select(LoadEmbedded)];
}
