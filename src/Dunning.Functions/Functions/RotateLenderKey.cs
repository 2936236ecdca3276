using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST to replace the lender's keys with a new one, returned once.</summary>
public sealed class RotateLenderKey(ILenderSettingsConsoleHandler handler)
{
    [Function(FunctionNames.RotateLenderKey)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderKeyRotationRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.RotateKeyAsync(lenderId, HttpCallMapping.LenderKey(request), cancellationToken));
}
