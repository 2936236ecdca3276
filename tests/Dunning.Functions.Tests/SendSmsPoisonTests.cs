using Dunning.Core;
using Dunning.Core.Serialization;
using Moq;

namespace Dunning.Functions.Tests;

public class SendSmsPoisonTests
{
    [Fact]
    public async Task RunAsync_PoisonedOutboxMessage_HandsItToHandlePoisonOnce()
    {
        using var cancellation = new CancellationTokenSource();
        var poisoned = Samples.Outbox("lender-a:loan-9:1:T0");
        var handler = new Mock<ISendSmsHandler>(MockBehavior.Strict);
        handler.Setup(h => h.HandlePoisonAsync(poisoned, cancellation.Token)).Returns(Task.CompletedTask);

        await new SendSmsPoison(handler.Object).RunAsync(QueueJson.Serialize(poisoned), cancellation.Token);

        handler.Verify(h => h.HandlePoisonAsync(poisoned, cancellation.Token), Times.Once);
        handler.VerifyNoOtherCalls();
    }
}
