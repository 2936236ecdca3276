using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET the lender's funnel, optionally between ?from= and ?to=; the lender id comes from the route.</summary>
public sealed class LenderReport(ILenderApiHandler handler)
{
    [Function(FunctionNames.LenderReport)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.LenderReportRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.GetReportAsync(
            lenderId, HttpCallMapping.LenderKey(request), HttpCallMapping.Query(request, "from"), HttpCallMapping.Query(request, "to"), cancellationToken));
}
