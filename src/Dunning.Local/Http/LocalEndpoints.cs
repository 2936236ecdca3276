using Dunning.Core;
using Dunning.Core.Events;
using Dunning.Core.Lenders;
using Dunning.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dunning.Local.Http;

/// <summary>
/// The Functions app's HTTP routes on the local host: same paths under /api. The events route needs a shared key
/// standing in for the function key; the lender routes, like in Azure, need only the lender's own key (checked by
/// the Core handlers), and the console's files need none.
/// </summary>
public static class LocalEndpoints
{
    public static IEndpointRouteBuilder MapDunningApi(this IEndpointRouteBuilder app, string sharedKey)
    {
        var authenticator = new SharedKeyAuthenticator(sharedKey);
        var events = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            return authenticator.IsAuthorized(Headers(request), request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase))
                ? await next(context)
                : Results.Json(new { error = "missing or wrong key (x-functions-key header or code query value)" }, statusCode: 401);
        });

        events.MapMethods("/" + PipelineNames.SmsEventsRoute, ["POST", "OPTIONS"], async (HttpRequest request, ISmsEventsHandler handler, CancellationToken ct) =>
            ToResult(await handler.HandleAsync(new HttpCall(request.Method, Headers(request), request.Body, request.ContentLength), ct)));

        var api = app.MapGroup("/api");
        api.MapGet("/" + PipelineNames.LenderReportRoute, async (HttpRequest request, string lenderId, string? from, string? to, ILenderApiHandler handler, CancellationToken ct) =>
            ToResult(await handler.GetReportAsync(lenderId, LenderKey(request), from, to, ct)));
        api.MapGet("/" + PipelineNames.LenderDailyTrendRoute, async (HttpRequest request, string lenderId, string? from, string? to, string? format, ILenderApiHandler handler, CancellationToken ct) =>
            ToResult(await handler.GetDailyTrendAsync(lenderId, LenderKey(request), from, to, format, ct)));
        api.MapGet("/" + PipelineNames.LenderFailedDeliveriesRoute, async (HttpRequest request, string lenderId, string? from, string? to, ILenderApiHandler handler, CancellationToken ct) =>
            ToResult(await handler.ListFailedDeliveriesAsync(lenderId, LenderKey(request), from, to, ct)));
        api.MapGet("/" + PipelineNames.LenderFollowUpsRoute, async (HttpRequest request, string lenderId, string? status, ILenderApiHandler handler, CancellationToken ct) =>
            ToResult(await handler.ListFollowUpsAsync(lenderId, LenderKey(request), status, ct)));
        api.MapPost("/" + PipelineNames.LenderFollowUpCloseRoute, async (HttpRequest request, string lenderId, string followUpId, ILenderApiHandler handler, CancellationToken ct) =>
            ToResult(await handler.CloseFollowUpAsync(lenderId, LenderKey(request), followUpId, request.Body, ct)));
        MapConsoleRoutes(api);
        return app;
    }

    private static void MapConsoleRoutes(RouteGroupBuilder api)
    {
        api.MapPost("/" + PipelineNames.LenderFollowUpReplyRoute, async (HttpRequest request, string lenderId, string followUpId, ILenderConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.ReplyAsync(lenderId, LenderKey(request), followUpId, request.Body, ct)));
        api.MapGet("/" + PipelineNames.LenderBorrowersRoute, async (HttpRequest request, string lenderId, string? loanId, string? phone, string? borrowerId, ILenderConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.FindBorrowersAsync(lenderId, LenderKey(request), loanId, phone, borrowerId, ct)));
        api.MapGet("/" + PipelineNames.LenderBorrowerTimelineRoute, async (HttpRequest request, string lenderId, string borrowerId, ILenderConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.GetTimelineAsync(lenderId, LenderKey(request), borrowerId, ct)));
        api.MapPost("/" + PipelineNames.LenderBorrowerPauseRoute, async (HttpRequest request, string lenderId, string borrowerId, ILenderConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.PauseBorrowerAsync(lenderId, LenderKey(request), borrowerId, request.Body, ct)));
        api.MapPost("/" + PipelineNames.LenderBorrowerWrongNumberRoute, async (HttpRequest request, string lenderId, string borrowerId, ILenderConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.MarkWrongNumberAsync(lenderId, LenderKey(request), borrowerId, ct)));
        api.MapPost("/" + PipelineNames.LenderTemplateCheckRoute, async (HttpRequest request, string lenderId, ILenderConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.CheckTemplateAsync(lenderId, LenderKey(request), request.Body, save: false, ct)));
        api.MapPost("/" + PipelineNames.LenderTemplatesRoute, async (HttpRequest request, string lenderId, ILenderConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.CheckTemplateAsync(lenderId, LenderKey(request), request.Body, save: true, ct)));
        api.MapGet("/" + PipelineNames.LenderSettingsRoute, async (HttpRequest request, string lenderId, ILenderSettingsConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.GetAsync(lenderId, LenderKey(request), ct)));
        api.MapPost("/" + PipelineNames.LenderSettingsRoute, async (HttpRequest request, string lenderId, ILenderSettingsConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.SaveAsync(lenderId, LenderKey(request), request.Body, ct)));
        api.MapPost("/" + PipelineNames.LenderKeyRotationRoute, async (HttpRequest request, string lenderId, ILenderSettingsConsoleHandler handler, CancellationToken ct) =>
            ToResult(await handler.RotateKeyAsync(lenderId, LenderKey(request), ct)));
        api.MapPost("/" + PipelineNames.LenderUploadRoute, async (HttpRequest request, string lenderId, string kind, string? name, ILenderUploadHandler handler, CancellationToken ct) =>
            ToResult(await handler.UploadAsync(lenderId, LenderKey(request), kind, name, request.Body, ct)));
        api.MapGet("/" + PipelineNames.LenderUploadResultRoute, async (HttpRequest request, string lenderId, string kind, string name, ILenderUploadHandler handler, CancellationToken ct) =>
            ToResult(await handler.GetResultAsync(lenderId, LenderKey(request), kind, name, ct)));
        api.MapGet("/" + PipelineNames.ConsoleRoute.Replace("{*path}", "{**path}", StringComparison.Ordinal), (string? path) => ConsoleFileResult.For(path));
    }

    private static string? LenderKey(HttpRequest request) => request.Headers[LenderKeys.HeaderName].FirstOrDefault();

    private static Dictionary<string, string> Headers(HttpRequest request) =>
        request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static IResult ToResult(HttpReply reply) => new HttpReplyResult(reply);
}
