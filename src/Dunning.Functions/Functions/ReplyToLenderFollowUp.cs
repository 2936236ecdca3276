using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST a staff answer to a follow-up (lender key only): queued through sms-outbox like every SMS.</summary>
public sealed class ReplyToLenderFollowUp(ILenderConsoleHandler handler)
{
    [Function(FunctionNames.ReplyToLenderFollowUp)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderFollowUpReplyRoute)] HttpRequest request,
        string lenderId,
        string followUpId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.ReplyAsync(lenderId, HttpCallMapping.LenderKey(request), followUpId, request.Body, cancellationToken));
}
