using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.Core.Serialization;

/// <summary>One JSON shape for every queue message, shared by producers and both hosts' consumers.</summary>
public static class QueueJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // A body missing a required member is a bad message, not an empty one: fail so the host retries and poisons it.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Empty {typeof(T).Name} message.");
}
