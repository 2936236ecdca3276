using Dunning.WebConsole;
using Microsoft.AspNetCore.Http;

namespace Dunning.Hosting.Http;

/// <summary>Writes one of the console's files (<see cref="ConsoleFiles"/>) with its security headers; both hosts use it.</summary>
public sealed class ConsoleFileResult(ConsoleResponse file) : IResult
{
    public ConsoleResponse File { get; } = file;

    public static ConsoleFileResult For(string? path) => new(ConsoleFiles.Get(path));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = File.StatusCode;
        response.ContentType = File.ContentType;
        foreach (var (name, value) in File.Headers)
        {
            response.Headers[name] = value;
        }

        await response.Body.WriteAsync(File.Body, httpContext.RequestAborted);
    }
}
