using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST a settings document: checked field by field, then applied like an uploaded one.</summary>
public sealed class SaveLenderSettings(ILenderSettingsConsoleHandler handler)
{
    [Function(FunctionNames.SaveLenderSettings)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderSettingsRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.SaveAsync(lenderId, HttpCallMapping.LenderKey(request), request.Body, cancellationToken));
}
