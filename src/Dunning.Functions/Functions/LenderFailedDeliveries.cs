using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET the lender's failed messages with the reason and the masked number.</summary>
public sealed class LenderFailedDeliveries(ILenderApiHandler handler)
{
    [Function(FunctionNames.LenderFailedDeliveries)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.LenderFailedDeliveriesRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.ListFailedDeliveriesAsync(
            lenderId, HttpCallMapping.LenderKey(request), HttpCallMapping.Query(request, "from"), HttpCallMapping.Query(request, "to"), cancellationToken));
}
