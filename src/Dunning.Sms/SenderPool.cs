using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Dunning.Core.Sending;
using Microsoft.Extensions.Options;

namespace Dunning.Sms;

/// <summary>
/// The lender's sender ids and a sliding-window rate limiter per sender id. A sender at its limit is not waited
/// for: the caller gets the time to come back and SendSms re-enqueues the message, so no worker sleeps.
/// </summary>
public sealed class SenderPool(IOptions<SenderPoolOptions> options) : IDisposable
{
    private const int SegmentsPerWindow = 6;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, RateLimiter> limiters = new(StringComparer.Ordinal);
    private readonly int permitsPerMinute = options.Value.PermitsPerMinutePerSender;

    /// <summary>The sender a borrower hears from: stable per borrower, spread across the lender's senders.</summary>
    public static string Pick(IReadOnlyList<string> senderIds, string borrowerKey) => SenderSelection.For(senderIds, borrowerKey);

    /// <summary>Takes one send permit for the sender, or says how long until one frees up.</summary>
    public bool TryAcquire(string senderId, out TimeSpan retryAfter)
    {
        var limiter = limiters.GetOrAdd(senderId, _ => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = Window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : Window / SegmentsPerWindow;
        return false;
    }

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Dispose();
        }

        limiters.Clear();
    }
}
