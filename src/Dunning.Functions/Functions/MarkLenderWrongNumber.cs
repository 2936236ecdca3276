using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST to mark a borrower's number as someone else's.</summary>
public sealed class MarkLenderWrongNumber(ILenderConsoleHandler handler)
{
    [Function(FunctionNames.MarkLenderWrongNumber)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderBorrowerWrongNumberRoute)] HttpRequest request,
        string lenderId,
        string borrowerId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.MarkWrongNumberAsync(lenderId, HttpCallMapping.LenderKey(request), borrowerId, cancellationToken));
}
