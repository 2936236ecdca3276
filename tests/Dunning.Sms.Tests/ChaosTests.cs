using System.Diagnostics;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Dunning.AcsEmulator;
using Dunning.Core;
using Dunning.Core.Eligibility;
using Dunning.Core.Lenders;
using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;
using Dunning.Core.Serialization;
using Dunning.Storage.Queues;
using Dunning.Storage.Sending;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Xunit.Abstractions;

namespace Dunning.Sms.Tests;

/// <summary>
/// SendSms end to end on Azurite and the ACS emulator under faults: every job ends Sent or Failed with a reason,
/// and no job reaches a phone twice although every outbox message is delivered twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChaosTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Jobs = 2000;
    private const int JobsPerWave = 250;
    private static readonly TimeSpan Redelivery = TimeSpan.FromSeconds(1);

    internal static OutboxMessage Message(string lenderId, string loanId, DateTimeOffset now) => new()
    {
        JobId = $"{lenderId}:{loanId}:1:T-3",
        LenderId = lenderId,
        BorrowerId = "B-" + loanId,
        BorrowerKey = "key-" + loanId,
        To = "+86138" + (Math.Abs(loanId.GetHashCode(StringComparison.Ordinal)) % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
        Text = "【Acme】您的第1期账单3月13日到期。回复TD退订",
        Encoding = TextEncoding.Ucs2,
        Segments = 1,
        Stage = "T-3",
        TemplateId = "t-3",
        TemplateVersion = "1",
        Kind = MessageKind.Scheduled,
        LoanId = loanId,
        InstallmentNo = 1,
        EarliestSendAt = now.AddHours(-1),
        LatestSendAt = now.AddDays(1),
    };

    [Fact]
    public async Task SendSms_UnderFaultsAndDuplicateDelivery_EveryJobSentAtMostOnceAndEndsFinal()
    {
        var stopwatch = Stopwatch.StartNew();
        var lenderId = "chaos-" + Guid.NewGuid().ToString("N")[..12];
        await using var emulator = await AcsEmulator.AcsEmulator.StartAsync(new AcsEmulatorOptions
        {
            Seed = 42,
            ThrottleFraction = 0.05,
            ServerErrorFraction = 0.10,
            LostResponseFraction = 0.03,
            ThrottleRetryAfter = TimeSpan.FromSeconds(1),
            AutoFlushInterval = null,
        });

        var clientOptions = new SmsClientOptions();
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(5);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        var senders = new SenderPermits(new TableSenderThroughputStore(azurite.Storage), Options.Create(new SenderThroughputOptions { LocalNumberPermitsPerMinute = 1_000_000 }), TimeProvider.System);
        var smsSender = new AcsSmsSender(new SmsClient(emulator.ConnectionString, clientOptions), senders, TimeProvider.System, NullLogger<AcsSmsSender>.Instance);
        var eligibility = new Mock<ISendEligibility>();
        eligibility.Setup(e => e.CheckAndReserveAsync(It.IsAny<EligibilityRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(EligibilityDecision.Send);
        var lenders = new Mock<ILenderDirectory>();
        lenders.Setup(l => l.FindAsync(lenderId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(LenderSettings.DefaultFor(lenderId) with { SenderIds = ["+12125550100", "+12125550101", "+12125550102"] });
        var ledger = new TableSendLedger(azurite.Storage);
        var outbox = new QueueOutbox(azurite.Storage);
        var handler = new SendSmsHandler(ledger, smsSender, outbox, eligibility.Object, lenders.Object, TimeProvider.System, NullLogger<SendSmsHandler>.Instance);
        var queue = azurite.Storage.Queue(PipelineNames.SmsOutboxQueue);
        await queue.ClearMessagesAsync();
        var startedAt = DateTimeOffset.UtcNow;
        var poisoned = 0;

        // Waves keep the queue shallow (Azurite slows down on deep queues).
        for (var wave = 0; wave < Jobs / JobsPerWave; wave++)
        {
            var messages = Enumerable.Range(wave * JobsPerWave, JobsPerWave).Select(i => Message(lenderId, $"L{i:D5}", startedAt)).ToList();
            await Parallel.ForEachAsync(messages.Concat(messages), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, ct) => await outbox.EnqueueAsync(m, default, ct));
            poisoned += await DrainAsync(queue, handler);
        }

        var rows = new List<SendRecord>();
        await foreach (var row in ledger.QueryAsync(lenderId, startedAt.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)))
        {
            rows.Add(row);
        }

        var delivered = emulator.Delivered.Where(d => d.Tag?.StartsWith(lenderId, StringComparison.Ordinal) == true).ToList();
        var sent = rows.Where(r => r.State == SendState.Sent).ToList();
        output.WriteLine(
            $"{Jobs} jobs in {stopwatch.Elapsed.TotalSeconds:F1}s: {sent.Count} sent, {rows.Count - sent.Count} failed ({poisoned} poisoned); " +
            $"ACS saw {emulator.ThrottledCount} throttles, {emulator.ServerErrorCount} 5xx, {emulator.LostResponseCount} lost responses; {delivered.Count} delivered.");

        Assert.Equal(Jobs, rows.Count);
        Assert.All(rows, r => Assert.True(
            r.State == SendState.Sent || (r.State == SendState.Failed && !string.IsNullOrEmpty(r.Reason)),
            $"{r.JobId} ended {r.State} ({r.Reason})"));
        Assert.All(delivered.GroupBy(d => d.Tag), g => Assert.Single(g));
        var deliveredById = delivered.ToDictionary(d => d.MessageId);
        Assert.All(sent, r => Assert.Equal(r.JobId, deliveredById[r.MessageId!].Tag));
        Assert.True(sent.Count >= Jobs * 0.98, $"only {sent.Count} of {Jobs} sent");
        Assert.True(emulator.ThrottledCount > 0 && emulator.ServerErrorCount > 0 && emulator.LostResponseCount > 0, "the faults were not injected");
    }

    /// <summary>A small stand-in for the Functions queue trigger: batches of 32, redelivery on failure, poison after 5.</summary>
    private static async Task<int> DrainAsync(QueueClient queue, SendSmsHandler handler)
    {
        var poisoned = 0;
        while (true)
        {
            QueueMessage[] batch = (await queue.ReceiveMessagesAsync(32, Redelivery)).Value;
            if (batch.Length == 0)
            {
                if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
                {
                    return poisoned;
                }

                await Task.Delay(200);
                continue;
            }

            await Task.WhenAll(batch.Select(async queued =>
            {
                var message = QueueJson.Deserialize<OutboxMessage>(queued.Body.ToString());
                try
                {
                    await handler.HandleAsync(message, queued.DequeueCount);
                }
                catch (Exception) when (queued.DequeueCount < PipelineNames.MaxDequeueCount)
                {
                    return; // Not deleted: visible again after the redelivery timeout, as the host would do.
                }
                catch (Exception)
                {
                    await handler.HandlePoisonAsync(message);
                    Interlocked.Increment(ref poisoned);
                }

                await queue.DeleteMessageAsync(queued.MessageId, queued.PopReceipt);
            }));
        }
    }
}
