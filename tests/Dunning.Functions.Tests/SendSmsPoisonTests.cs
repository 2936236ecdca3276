using Dunning.Core;
using Dunning.Core.Serialization;
using Moq;

namespace Dunning.Functions.Tests;

public class SendSmsPoisonTests
{
    [Fact]
    public async Task RunAsync_PoisonedOutboxMessage_HandsItsBodyToThePoisonHandlerOnce()
    {
        using var cancellation = new CancellationTokenSource();
        var body = QueueJson.Serialize(Samples.Outbox("lender-a:loan-9:1:T0"));
        var handler = new Mock<ISendSmsHandler>(MockBehavior.Strict);
        handler.Setup(h => h.HandlePoisonQueueMessageAsync(body, cancellation.Token)).Returns(Task.CompletedTask);

        await new SendSmsPoison(handler.Object).RunAsync(body, cancellation.Token);

        handler.Verify(h => h.HandlePoisonQueueMessageAsync(body, cancellation.Token), Times.Once);
        handler.VerifyNoOtherCalls();
    }
}
