using Dunning.Core;
using Dunning.Hosting.Http;
using Microsoft.AspNetCore.Http;

namespace Dunning.Functions;

/// <summary>
/// Translates between ASP.NET Core's request/response and Core's <see cref="HttpCall"/>/<see cref="HttpReply"/>,
/// so the handlers never see ASP.NET and the local host can reuse them unchanged.
/// </summary>
public static class HttpCallMapping
{
    public static HttpCall ToHttpCall(HttpRequest request) =>
        new(
            request.Method,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            request.Body,
            request.ContentLength);

    /// <summary>The first value of a query parameter, or null when it is absent.</summary>
    public static string? Query(HttpRequest request, string name) => request.Query[name].FirstOrDefault();

    /// <summary>The lender's own key (x-lender-key), which the lender routes require besides the function key.</summary>
    public static string? LenderKey(HttpRequest request) => request.Headers[Dunning.Core.Lenders.LenderKeys.HeaderName].FirstOrDefault();

    public static IResult ToResult(HttpReply reply) => new HttpReplyResult(reply);
}
