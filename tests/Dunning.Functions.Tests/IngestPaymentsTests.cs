using Dunning.Core;
using Moq;

namespace Dunning.Functions.Tests;

public class IngestPaymentsTests
{
    [Fact]
    public async Task RunAsync_BlobFromPath_PassesLenderNameAndStreamOnce()
    {
        using var cancellation = new CancellationTokenSource();
        using var content = new MemoryStream([4, 5]);
        var handler = new Mock<IIngestPaymentsHandler>(MockBehavior.Strict);
        handler.Setup(h => h.HandleAsync("lender-b", "paid.csv", content, cancellation.Token))
            .ReturnsAsync(new IngestSummary("lender-b", "paid.csv", 2, 2, 0, 0, null, null, null));

        await new IngestPayments(handler.Object).RunAsync(content, "lender-b", "paid.csv", cancellation.Token);

        handler.Verify(h => h.HandleAsync("lender-b", "paid.csv", content, cancellation.Token), Times.Once);
        handler.VerifyNoOtherCalls();
    }
}
