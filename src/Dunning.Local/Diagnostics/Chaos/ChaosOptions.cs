namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>How big a chaos run is and which faults it injects (all at once).</summary>
public sealed class ChaosOptions
{
    public int Jobs { get; set; } = 10_000;

    public int Seed { get; set; } = 7;

    /// <summary>Hosts draining the queues at once on the one storage account; above one, the last is killed mid-flight.</summary>
    public int Instances { get; set; } = 1;

    /// <summary>
    /// Each sender's app-wide limit a minute; null keeps its number type's (toll-free: 200). A small run sets it low so
    /// the limiter, not the book, decides when messages go.
    /// </summary>
    public int? SenderPermitsPerMinute { get; set; }

    /// <summary>An existing storage account (a test's Azurite); null starts Azurite.</summary>
    public string? StorageConnectionString { get; set; }

    public string ArtifactsDirectory { get; set; } = "artifacts";

    /// <summary>ACS answers 500 or 503.</summary>
    public double ServerErrorFraction { get; set; } = 0.10;

    /// <summary>ACS answers 429 with Retry-After.</summary>
    public double ThrottleFraction { get; set; } = 0.05;

    /// <summary>ACS accepts and records the message, but the answer never arrives.</summary>
    public double LostResponseFraction { get; set; } = 0.03;

    /// <summary>The worker dies after the ledger says Sending and before ACS is called.</summary>
    public double CrashFraction { get; set; } = 0.01;

    /// <summary>Share of jobs sitting in the outbox whose borrower replies STOP before they are sent.</summary>
    public double OptOutFraction { get; set; } = 0.03;

    /// <summary>Share of jobs sitting in the outbox whose installment is paid before they are sent.</summary>
    public double PaymentFraction { get; set; } = 0.03;

    /// <summary>Share of borrowers with a second loan due the same day (the daily cap must hold one back).</summary>
    public double SecondLoanFraction { get; set; } = 0.15;

    /// <summary>Delivery reports and inbound messages are each posted this many times.</summary>
    public int EventDeliveries { get; set; } = 3;

    /// <summary>The virtual start: 10:00 in Shanghai, 03:00 in London and 22:00 in New York, so every kind of wait happens.</summary>
    public DateTimeOffset Start { get; set; } = new(2030, 6, 12, 2, 0, 0, TimeSpan.Zero);
}
