using System.Text.Json;
using Dunning.Core;
using Dunning.Core.Serialization;
using Moq;

namespace Dunning.Functions.Tests;

public class SendSmsTests
{
    private readonly Mock<ISendSmsHandler> _handler = new(MockBehavior.Strict);

    [Fact]
    public async Task RunAsync_OutboxMessage_PassesMessageAndDequeueCountOnce()
    {
        using var cancellation = new CancellationTokenSource();
        var sent = Samples.Outbox("lender-a:loan-1:3:T-7");
        _handler.Setup(h => h.HandleAsync(sent, 4, cancellation.Token)).Returns(Task.CompletedTask);

        await new SendSms(_handler.Object).RunAsync(QueueJson.Serialize(sent), 4, cancellation.Token);

        _handler.Verify(h => h.HandleAsync(sent, 4, cancellation.Token), Times.Once);
        _handler.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    public async Task RunAsync_MalformedMessage_ThrowsSoTheHostRetriesThenPoisons(string body)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => new SendSms(_handler.Object).RunAsync(body, 1, CancellationToken.None));

        _handler.VerifyNoOtherCalls();
    }
}
