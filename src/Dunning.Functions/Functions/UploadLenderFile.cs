using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>POST a schedules or payments CSV from the console: stored under the lender's prefix for the blob ingest.</summary>
public sealed class UploadLenderFile(ILenderUploadHandler handler)
{
    [Function(FunctionNames.UploadLenderFile)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PipelineNames.LenderUploadRoute)] HttpRequest request,
        string lenderId,
        string kind,
        CancellationToken cancellationToken) =>
        HttpCallMapping.ToResult(await handler.UploadAsync(
            lenderId, HttpCallMapping.LenderKey(request), kind, HttpCallMapping.Query(request, "name"), request.Body, cancellationToken));
}
