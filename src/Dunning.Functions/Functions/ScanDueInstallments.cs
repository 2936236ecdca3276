using Dunning.Core;
using Microsoft.Azure.Functions.Worker;

namespace Dunning.Functions;

/// <summary>Hourly in UTC; which borrowers are inside their local send window is Core's decision.</summary>
public sealed class ScanDueInstallments(IScanDueInstallmentsHandler handler)
{
    [Function(FunctionNames.ScanDueInstallments)]
    public Task RunAsync(
        [TimerTrigger(PipelineNames.ScanSchedule)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(cancellationToken);
}
