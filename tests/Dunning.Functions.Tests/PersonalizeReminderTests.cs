using System.Text.Json;
using Dunning.Core;
using Dunning.Core.Jobs;
using Dunning.Core.Serialization;
using Moq;

namespace Dunning.Functions.Tests;

public class PersonalizeReminderTests
{
    private readonly Mock<IPersonalizeReminderHandler> _handler = new(MockBehavior.Strict);

    [Fact]
    public async Task RunAsync_JobBatchMessage_PassesTheDeserializedBatchOnce()
    {
        using var cancellation = new CancellationTokenSource();
        var sent = new ReminderJobBatch([Samples.Job("loan-1", "T-7"), Samples.Job("loan-2", "T+3")]);
        ReminderJobBatch? received = null;
        _handler.Setup(h => h.HandleAsync(It.IsAny<ReminderJobBatch>(), cancellation.Token))
            .Callback<ReminderJobBatch, CancellationToken>((b, _) => received = b)
            .Returns(Task.CompletedTask);

        await new PersonalizeReminder(_handler.Object).RunAsync(QueueJson.Serialize(sent), cancellation.Token);

        _handler.Verify(h => h.HandleAsync(It.IsAny<ReminderJobBatch>(), cancellation.Token), Times.Once);
        Assert.NotNull(received);
        Assert.Equal(sent.Jobs, received.Jobs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"jobs":[{"lenderId":"lender-a"}]}""")]
    public async Task RunAsync_MalformedMessage_ThrowsSoTheHostRetriesThenPoisons(string body)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => new PersonalizeReminder(_handler.Object).RunAsync(body, CancellationToken.None));

        _handler.VerifyNoOtherCalls();
    }
}
