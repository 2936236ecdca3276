using Microsoft.AspNetCore.Http;

namespace Dunning.Functions.Tests;

/// <summary>Runs an <see cref="IResult"/> the way the worker's ASP.NET Core middleware does, into a fresh response.</summary>
internal static class HttpResults
{
    public static async Task<WrittenResponse> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await result.ExecuteAsync(context);

        return new WrittenResponse(
            context.Response.StatusCode,
            context.Response.ContentType,
            context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}

internal sealed record WrittenResponse(int StatusCode, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body);
