using Dunning.Core.Sending.Throughput;

namespace Dunning.Local.Diagnostics.Bench;

/// <summary>
/// What 1,000,000 reminders in a 13-hour send window need in Azure, from documented limits (docs/BENCHMARKS.md
/// gives the sources) and this run's measured segments and storage requests per message.
/// </summary>
public static class BenchProjection
{
    public const int Reminders = 1_000_000;
    public const double WindowHours = 13;

    /// <summary>ACS SMS send limits (message units per minute): toll-free and short code per number, alphanumeric per resource.</summary>
    public const double TollFreePerNumberPerMinute = SenderThroughputLimits.TollFreePerMinute;
    public const double ShortCodePerNumberPerMinute = SenderThroughputLimits.ShortCodePerMinute;
    public const double AlphanumericPerResourcePerMinute = SenderThroughputLimits.AlphanumericPerMinute;

    /// <summary>Azure Storage scale targets (1 KiB entities/messages).</summary>
    public const double TableEntitiesPerSecondPerAccount = 20_000;
    public const double TableEntitiesPerSecondPerPartition = 2_000;
    public const double QueueMessagesPerSecondPerAccount = 20_000;
    public const double QueueMessagesPerSecondPerQueue = 2_000;

    /// <summary>LenderSettings' default price per segment (CNY); a lender sets its own.</summary>
    public const decimal PricePerSegmentCny = 0.05m;

    public static Projection For(SendBench measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var perSecond = Reminders / (WindowHours * 3600);
        var perMinute = perSecond * 60;
        var segmentsPerMessage = measured.SegmentsPerMessage > 0 ? measured.SegmentsPerMessage : 1;
        var segments = (long)Math.Ceiling(Reminders * segmentsPerMessage);
        var tableRequests = measured.StorageRequestsPerMessage.Where(r => r.Key.StartsWith("table", StringComparison.Ordinal)).Sum(r => r.Value);
        var queueRequests = measured.StorageRequestsPerMessage.Where(r => r.Key.StartsWith("queue", StringComparison.Ordinal)).Sum(r => r.Value);
        var perInstance = measured.SendsPerSecond;
        return new Projection(
            Reminders,
            WindowHours,
            Math.Round(perSecond, 2),
            Math.Round(segmentsPerMessage, 2),
            segments,
            segments * PricePerSegmentCny,
            [
                new("toll-free number (US/CA)", TollFreePerNumberPerMinute, "per number", (int)Math.Ceiling(perMinute / TollFreePerNumberPerMinute), "ACS service limit; raise through Azure Support"),
                new("short code (US)", ShortCodePerNumberPerMinute, "per number", (int)Math.Ceiling(perMinute / ShortCodePerNumberPerMinute), "ACS service limit"),
                new("alphanumeric sender id", AlphanumericPerResourcePerMinute, "per ACS resource", (int)Math.Ceiling(perMinute / AlphanumericPerResourcePerMinute), "ACS resources, not numbers"),
                new("10DLC number (US)", double.NaN, "per campaign", 0, "no ACS per-number figure; the carriers' campaign throughput (TCR vetting) applies"),
            ],
            perInstance > 0 ? (int)Math.Ceiling(perSecond / perInstance) : 0,
            Math.Round(perInstance, 1),
            Math.Round(perSecond * tableRequests, 0),
            Math.Round(perSecond * queueRequests, 0),
            [
                $"{Reminders:N0} reminders in {WindowHours} h = {perSecond:N1} sends/s = {perMinute:N0}/min",
                "ACS SMS: toll-free 200/min per number, short code 6,000/min per number, alphanumeric 600/min per resource",
                "Azure Tables: 20,000 entities/s per account, 2,000/s per partition; Queues: 20,000 messages/s per account, 2,000/s per queue",
                $"{segmentsPerMessage:N2} segments per message (measured on this run's rendered texts), {PricePerSegmentCny} CNY per segment",
                $"{tableRequests:N1} table and {queueRequests:N1} queue requests per message (measured); instances from this machine's sends/s per instance",
            ]);
    }
}
