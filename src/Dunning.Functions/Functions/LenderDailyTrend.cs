using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET the lender's funnel per day, as JSON or (?format=csv) CSV.</summary>
public sealed class LenderDailyTrend(ILenderApiHandler handler)
{
    [Function(FunctionNames.LenderDailyTrend)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.LenderDailyTrendRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.GetDailyTrendAsync(
            lenderId, HttpCallMapping.LenderKey(request), HttpCallMapping.Query(request, "from"), HttpCallMapping.Query(request, "to"),
            HttpCallMapping.Query(request, "format"), cancellationToken));
}
