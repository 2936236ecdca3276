using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET the lender's settings in force, as a settings document.</summary>
public sealed class LenderSettingsInForce(ILenderSettingsConsoleHandler handler)
{
    [Function(FunctionNames.LenderSettingsInForce)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.LenderSettingsRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.GetAsync(lenderId, HttpCallMapping.LenderKey(request), cancellationToken));
}
