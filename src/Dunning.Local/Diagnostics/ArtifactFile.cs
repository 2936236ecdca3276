using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.Local.Diagnostics;

/// <summary>Writes a verb's result as indented JSON under the artifacts directory.</summary>
public static class ArtifactFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<string> WriteAsync(string directory, string fileName, object value, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, value, value.GetType(), Json, cancellationToken);
        return path;
    }
}
