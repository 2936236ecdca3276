using Azure.Core;

namespace Dunning.Sms;

public sealed class SmsClientOptions : ClientOptions
{
    public const ServiceVersion LatestVersion = ServiceVersion.V2026_01_23;

    public SmsClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version;

        // Bounded, jittered exponential backoff for 408/5xx and transport failures. 429 is deliberately not
        // retried here (see AcsResponseClassifier): the caller re-enqueues with Retry-After instead of holding
        // a worker while ACS sheds load.
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(8);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(15);

        // Phone numbers and text travel only in the body; never log bodies, and log only allow-listed headers
        // and query values (Azure.Core redacts everything else, Authorization included).
        Diagnostics.IsLoggingContentEnabled = false;
        Diagnostics.LoggedHeaderNames.Add("Retry-After");
        Diagnostics.LoggedHeaderNames.Add("MS-CV");
        Diagnostics.LoggedQueryParameters.Add("api-version");
    }

    public enum ServiceVersion
    {
        V2021_03_07 = 1,
        V2026_01_23 = 2,
    }

    public ServiceVersion Version { get; }

    /// <summary>The clock that stamps x-ms-date: the simulation hands in its virtual clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal string ApiVersion => Version switch
    {
        ServiceVersion.V2021_03_07 => "2021-03-07",
        ServiceVersion.V2026_01_23 => "2026-01-23",
        _ => throw new NotSupportedException($"Service version {Version} is not supported."),
    };
}
