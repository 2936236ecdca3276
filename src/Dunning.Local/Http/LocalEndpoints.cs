using Dunning.Core;
using Dunning.Core.Events;
using Dunning.Core.Lenders;
using Dunning.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dunning.Local.Http;

/// <summary>
/// The Functions app's HTTP routes on the local host: same paths under /api, and a shared key standing in
/// for the function key.
/// </summary>
public static class LocalEndpoints
{
    public static IEndpointRouteBuilder MapDunningApi(this IEndpointRouteBuilder app, string sharedKey)
    {
        var authenticator = new SharedKeyAuthenticator(sharedKey);
        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            return authenticator.IsAuthorized(Headers(request), request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase))
                ? await next(context)
                : Results.Json(new { error = "missing or wrong key (x-functions-key header or code query value)" }, statusCode: 401);
        });

        api.MapMethods("/" + PipelineNames.SmsEventsRoute, ["POST", "OPTIONS"], async (HttpRequest request, ISmsEventsHandler handler, CancellationToken ct) =>
            ToResult(await handler.HandleAsync(new HttpCall(request.Method, Headers(request), request.Body, request.ContentLength), ct)));
        api.MapGet("/" + PipelineNames.LenderReportRoute, async (HttpRequest request, string lenderId, string? from, string? to, ILenderApiHandler handler, CancellationToken ct) =>
            ToResult(await handler.GetReportAsync(lenderId, LenderKey(request), from, to, ct)));
        api.MapGet("/" + PipelineNames.LenderFollowUpsRoute, async (HttpRequest request, string lenderId, string? status, ILenderApiHandler handler, CancellationToken ct) =>
            ToResult(await handler.ListFollowUpsAsync(lenderId, LenderKey(request), status, ct)));
        api.MapPost("/" + PipelineNames.LenderFollowUpCloseRoute, async (HttpRequest request, string lenderId, string followUpId, ILenderApiHandler handler, CancellationToken ct) =>
            ToResult(await handler.CloseFollowUpAsync(lenderId, LenderKey(request), followUpId, ct)));
        return app;
    }

    private static string? LenderKey(HttpRequest request) => request.Headers[LenderKeys.HeaderName].FirstOrDefault();

    private static Dictionary<string, string> Headers(HttpRequest request) =>
        request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static IResult ToResult(HttpReply reply) => new HttpReplyResult(reply);
}
