using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST to close one of the lender's follow-up tasks.</summary>
public sealed class CloseLenderFollowUp(ILenderApiHandler handler)
{
    [Function(FunctionNames.CloseLenderFollowUp)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderFollowUpCloseRoute)] HttpRequest request,
        string lenderId,
        string followUpId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.CloseFollowUpAsync(lenderId, HttpCallMapping.LenderKey(request), followUpId, request.Body, cancellationToken));
}
