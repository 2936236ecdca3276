using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST to pause one borrower's scheduled messages for N days.</summary>
public sealed class PauseLenderBorrower(ILenderConsoleHandler handler)
{
    [Function(FunctionNames.PauseLenderBorrower)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderBorrowerPauseRoute)] HttpRequest request,
        string lenderId,
        string borrowerId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.PauseBorrowerAsync(lenderId, HttpCallMapping.LenderKey(request), borrowerId, request.Body, cancellationToken));
}
