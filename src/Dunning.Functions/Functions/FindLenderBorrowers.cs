using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET the lender's borrowers by ?loanId=, ?phone= (found by its hash) or ?borrowerId=.</summary>
public sealed class FindLenderBorrowers(ILenderConsoleHandler handler)
{
    [Function(FunctionNames.FindLenderBorrowers)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.LenderBorrowersRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.FindBorrowersAsync(
            lenderId, HttpCallMapping.LenderKey(request), HttpCallMapping.Query(request, "loanId"), HttpCallMapping.Query(request, "phone"),
            HttpCallMapping.Query(request, "borrowerId"), cancellationToken));
}
