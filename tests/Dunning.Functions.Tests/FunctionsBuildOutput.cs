using System.Reflection;
using System.Text.Json;

namespace Dunning.Functions.Tests;

/// <summary>The Functions app's own build output (bin/{Configuration}/{tfm}/ of src/Dunning.Functions), as the Worker SDK wrote it.</summary>
internal static class FunctionsBuildOutput
{
    public static string Directory { get; } = typeof(FunctionsBuildOutput).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FunctionsOutputDirectory").Value!;

    public static IReadOnlyList<JsonElement> Functions { get; } = [.. Json("functions.metadata").EnumerateArray()];

    public static JsonElement Json(string relativePath) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, relativePath))).RootElement;

    public static JsonElement Function(string name) => Functions.Single(f => f.GetProperty("name").GetString() == name);

    /// <summary>The function's one trigger binding (direction In, type ending in "Trigger").</summary>
    public static JsonElement Trigger(string name) => Function(name).GetProperty("bindings").EnumerateArray()
        .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    public static string? Text(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;
}
