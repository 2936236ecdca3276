using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST a template to see its lint findings, segments, encoding, cost and preview, without saving it.</summary>
public sealed class CheckLenderTemplate(ILenderConsoleHandler handler)
{
    [Function(FunctionNames.CheckLenderTemplate)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderTemplateCheckRoute)] HttpRequest request,
        string lenderId,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.CheckTemplateAsync(lenderId, HttpCallMapping.LenderKey(request), request.Body, save: false, cancellationToken));
}
