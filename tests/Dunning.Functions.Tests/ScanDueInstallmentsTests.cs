using Dunning.Core;
using Microsoft.Azure.Functions.Worker;
using Moq;

namespace Dunning.Functions.Tests;

public class ScanDueInstallmentsTests
{
    [Fact]
    public async Task RunAsync_TimerFires_ScansOnce()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new Mock<IScanDueInstallmentsHandler>(MockBehavior.Strict);
        handler.Setup(h => h.HandleAsync(cancellation.Token))
            .ReturnsAsync(new ScanSummary(DateTimeOffset.UnixEpoch, 0, 0, 0, 0));

        await new ScanDueInstallments(handler.Object).RunAsync(new TimerInfo { IsPastDue = true }, cancellation.Token);

        handler.Verify(h => h.HandleAsync(cancellation.Token), Times.Once);
        handler.VerifyNoOtherCalls();
    }
}
