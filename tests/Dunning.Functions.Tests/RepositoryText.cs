using System.Text.Json;
using Dunning.Testing;

namespace Dunning.Functions.Tests;

/// <summary>The promises the app is held to, read from the files that make them rather than repeated here.</summary>
internal static class RepositoryText
{
    private static readonly string Root = RepositoryRoot.Find();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public static string Readme => Read("README.md");

    public static JsonElement HostJson => JsonDocument.Parse(Read("host.json")).RootElement;

    public static string RoutePrefix => HostJson.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
}
