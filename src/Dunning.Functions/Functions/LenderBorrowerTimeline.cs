using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET one borrower's timeline and state now.</summary>
public sealed class LenderBorrowerTimeline(ILenderConsoleHandler handler)
{
    [Function(FunctionNames.LenderBorrowerTimeline)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.LenderBorrowerTimelineRoute)] HttpRequest request,
        string lenderId,
        string borrowerId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.GetTimelineAsync(lenderId, HttpCallMapping.LenderKey(request), borrowerId, cancellationToken));
}
