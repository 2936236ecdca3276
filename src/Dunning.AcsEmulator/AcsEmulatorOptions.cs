namespace Dunning.AcsEmulator;

/// <summary>How the emulated ACS resource behaves. Fractions are per request and drawn from a seeded Random.</summary>
public sealed class AcsEmulatorOptions
{
    /// <summary>Base64 access key; a fresh random one when null.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The emulator's clock: the clock-skew check and delivery-report timing use it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Requests whose x-ms-date differs from the emulator's clock by more than this get 401.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Accept "Authorization: Bearer &lt;any non-empty token&gt;" as Entra ID would after validation.</summary>
    public bool AcceptBearerTokens { get; set; }

    public int Seed { get; set; } = 1;

    /// <summary>Share of requests answered 429 with Retry-After.</summary>
    public double ThrottleFraction { get; set; }

    public TimeSpan ThrottleRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of requests answered 500 or 503 without doing anything.</summary>
    public double ServerErrorFraction { get; set; }

    /// <summary>Share of requests that are accepted and recorded, but whose response never arrives (connection aborted).</summary>
    public double LostResponseFraction { get; set; }

    /// <summary>Numbers ACS rejects per recipient (HTTP 400 in the recipient's result).</summary>
    public ISet<string> RejectedNumbers { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Numbers ACS accepts but the carrier cannot deliver to: their delivery report says Failed.</summary>
    public ISet<string> UndeliverableNumbers { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Where Event Grid events go (the app's /api/sms/events); null keeps reports unposted.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>How long a webhook post may take before it counts as failed and is retried later (Event Grid's own limit is 30 s).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent as x-functions-key on webhook posts, as an Event Grid subscription with a key would.</summary>
    public string? FunctionsKey { get; set; }

    /// <summary>Time (on <see cref="TimeProvider"/>) from acceptance to the delivery report.</summary>
    public TimeSpan DeliveryReportDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Real-time period of the background loop that posts due reports; null to post only on <c>FlushDueReportsAsync</c>.</summary>
    public TimeSpan? AutoFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How many times every webhook post (delivery reports and inbound messages) is delivered, with the same event
    /// ids: Event Grid delivers at least once, and chaos runs set 3 to prove repeats change nothing.
    /// </summary>
    public int EventDeliveries { get; set; } = 1;

    /// <summary>Post due delivery reports in a seeded random order, and repeats after later batches, so events arrive out of order.</summary>
    public bool ShuffleReports { get; set; }

    public const int MaxRecipients = 100;

    public const int MaxMessageLength = 2048;
}
