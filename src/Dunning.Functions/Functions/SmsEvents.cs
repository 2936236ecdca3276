using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>
/// Event Grid's webhook for ACS delivery reports and inbound SMS. OPTIONS carries the CloudEvents validation
/// handshake; POST carries events (and the Event Grid schema handshake). The function key authenticates the caller.
/// </summary>
public sealed class SmsEvents(ISmsEventsHandler handler)
{
    [Function(FunctionNames.SmsEvents)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = PipelineNames.SmsEventsRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.HandleAsync(HttpCallMapping.ToHttpCall(request), cancellationToken));
}
