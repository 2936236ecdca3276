using Dunning.Core;
using Dunning.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>GET the staff console's static files at /api/console/ (public files: the data behind them needs the lender's key).</summary>
public sealed class LenderConsole
{
    [Function(FunctionNames.LenderConsole)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PipelineNames.ConsoleRoute)] HttpRequest request,
        string? path,
        CancellationToken cancellationToken) =>
        Task.FromResult<IResult>(ConsoleFileResult.For(path));
}
