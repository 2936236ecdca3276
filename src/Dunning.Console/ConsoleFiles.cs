using System.Collections.Frozen;
using System.Reflection;

namespace Dunning.WebConsole;

/// <summary>A response from the console's file server: status, content type, body and headers.</summary>
public sealed record ConsoleResponse(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Serves the console's embedded files. Only names in the embedded set are served (no path is ever joined to a
/// directory, so "../" leads nowhere), every response carries a strict Content-Security-Policy (scripts and styles
/// only from this origin, no inline code, no framing), and nothing is cached by the browser between versions.
/// </summary>
public static class ConsoleFiles
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(Load);

    /// <summary>The names served, relative to /api/console/ (e.g. "index.html", "js/app.js").</summary>
    public static IEnumerable<string> Names => Files.Value.Keys;

    /// <summary>The response for a path under /api/console/; an empty path is the index page.</summary>
    public static ConsoleResponse Get(string? path)
    {
        var name = string.IsNullOrEmpty(path) || path == "/" ? "index.html" : path.TrimStart('/');
        if (!Files.Value.TryGetValue(name, out var body))
        {
            return new ConsoleResponse(404, ContentTypes[".txt"], "Not found."u8.ToArray(), Headers("no-store"));
        }

        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        return new ConsoleResponse(200, type, body, Headers("no-cache"));
    }

    private static Dictionary<string, string> Headers(string cacheControl) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Security-Policy"] = ContentSecurityPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["X-Frame-Options"] = "DENY",
        ["Cross-Origin-Opener-Policy"] = "same-origin",
        ["Cache-Control"] = cacheControl,
    };

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[Prefix.Length..].Replace('\\', '/')] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
