using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET the lender's follow-up tasks (borrower replies a person must act on), optionally by ?status=.</summary>
public sealed class LenderFollowUps(ILenderApiHandler handler)
{
    [Function(FunctionNames.LenderFollowUps)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.LenderFollowUpsRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.ListFollowUpsAsync(
            lenderId, HttpCallMapping.LenderKey(request), HttpCallMapping.Query(request, "status"), cancellationToken));
}
