using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET the ingest result of a console upload: 202 until it is written, then the counts and error lines.</summary>
public sealed class LenderUploadResult(ILenderUploadHandler handler)
{
    [Function(FunctionNames.LenderUploadResult)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.LenderUploadResultRoute)] HttpRequest request,
        string lenderId,
        string kind,
        string name,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.GetResultAsync(lenderId, HttpCallMapping.LenderKey(request), kind, name, cancellationToken));
}
