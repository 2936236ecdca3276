using Dunning.Core;
using Dunning.Core.Jobs;
using Dunning.Core.Serialization;
using Moq;

namespace Dunning.Functions.Tests;

public class PersonalizeReminderPoisonTests
{
    [Fact]
    public async Task RunAsync_PoisonedBatch_HandsItToHandlePoisonOnce()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new Mock<IPersonalizeReminderHandler>(MockBehavior.Strict);
        ReminderJobBatch? received = null;
        handler.Setup(h => h.HandlePoisonAsync(It.IsAny<ReminderJobBatch>(), cancellation.Token))
            .Callback<ReminderJobBatch, CancellationToken>((batch, _) => received = batch)
            .Returns(Task.CompletedTask);
        var batch = new ReminderJobBatch([Samples.Job("loan-1", "T0"), Samples.Job("loan-2", "T+3")]);

        await new PersonalizeReminderPoison(handler.Object).RunAsync(QueueJson.Serialize(batch), cancellation.Token);

        Assert.Equal(batch.Jobs.Select(j => j.JobId), received!.Jobs.Select(j => j.JobId));
        handler.Verify(h => h.HandlePoisonAsync(It.IsAny<ReminderJobBatch>(), cancellation.Token), Times.Once);
        handler.VerifyNoOtherCalls();
    }
}
