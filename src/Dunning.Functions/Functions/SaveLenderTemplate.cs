using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST a template to save it after the same check a blob upload runs.</summary>
public sealed class SaveLenderTemplate(ILenderConsoleHandler handler)
{
    [Function(FunctionNames.SaveLenderTemplate)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderTemplatesRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.CheckTemplateAsync(lenderId, HttpCallMapping.LenderKey(request), request.Body, save: true, cancellationToken));
}
