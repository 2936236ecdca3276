using Dunning.Core;
using Moq;

namespace Dunning.Functions.Tests;

public class IngestScheduleTests
{
    [Fact]
    public async Task RunAsync_BlobFromPath_PassesLenderNameAndStreamOnce()
    {
        using var cancellation = new CancellationTokenSource();
        using var content = new MemoryStream([1, 2, 3]);
        var handler = new Mock<IIngestScheduleHandler>(MockBehavior.Strict);
        handler.Setup(h => h.HandleAsync("lender-a", "2026-03.csv", content, cancellation.Token))
            .ReturnsAsync(new IngestSummary("lender-a", "2026-03.csv", 1, 1, 0, 0, null, null, null));

        await new IngestSchedule(handler.Object).RunAsync(content, "lender-a", "2026-03.csv", cancellation.Token);

        handler.Verify(h => h.HandleAsync("lender-a", "2026-03.csv", content, cancellation.Token), Times.Once);
        handler.VerifyNoOtherCalls();
    }
}
