using Dunning.Core;
using Dunning.Core.Sending;
using Dunning.Core.Serialization;
using Moq;

namespace Dunning.Functions.Tests;

public class SendSmsTests
{
    private readonly Mock<ISendSmsHandler> _handler = new(MockBehavior.Strict);

    // The body goes to the handler as it came: only the handler knows the single and batch shapes (OutboxEnvelope).
    // A malformed body throws there; FunctionInvocationTests runs that through the real handler.
    [Fact]
    public async Task RunAsync_OutboxMessage_PassesTheBodyAndDequeueCountOnce()
    {
        using var cancellation = new CancellationTokenSource();
        var body = Assert.Single(OutboxEnvelope.Pack([Samples.Outbox("lender-a:loan-1:3:T-7"), Samples.Outbox("lender-a:loan-2:3:T-7")]));
        _handler.Setup(h => h.HandleQueueMessageAsync(body, 4, cancellation.Token)).Returns(Task.CompletedTask);

        await new SendSms(_handler.Object).RunAsync(body, 4, cancellation.Token);

        _handler.Verify(h => h.HandleQueueMessageAsync(body, 4, cancellation.Token), Times.Once);
        _handler.VerifyNoOtherCalls();
    }
}
