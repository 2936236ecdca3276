using Dunning.Core;
using Microsoft.AspNetCore.Http;

namespace Dunning.Hosting.Http;

/// <summary>Writes a Core <see cref="HttpReply"/> as an ASP.NET Core result; the Functions app and the local host share it.</summary>
public sealed class HttpReplyResult(HttpReply reply) : IResult
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public HttpReply Reply { get; } = reply;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Reply.StatusCode;
        foreach (var (name, value) in Reply.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (Reply.JsonBody is not null)
        {
            // A reply may name its own type (the dashboard's CSV export); JSON otherwise.
            response.ContentType = Reply.Headers?.GetValueOrDefault("Content-Type") ?? JsonContentType;
            await response.WriteAsync(Reply.JsonBody, httpContext.RequestAborted);
        }
    }
}
