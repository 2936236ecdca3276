using Dunning.Hosting;
using Dunning.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dunning.Local.Diagnostics;

/// <summary>
/// Settings that make a diagnostic run measure the pipeline rather than its politeness: the per-sender rate limit
/// is lifted (it would cap a benchmark at 200 sends/min per number) and the ACS client's HTTP retries back off in
/// milliseconds instead of seconds (the emulator's faults are injected, not a real outage).
/// </summary>
public static class DiagnosticsServices
{
    public static void UseFastSending(IServiceCollection services)
    {
        // Injected faults log a warning each; thousands of them would time the console, not the pipeline.
        services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Error);
        services.Configure<SenderPoolOptions>(o => o.PermitsPerMinutePerSender = 1_000_000);
        services.AddSingleton(sp =>
        {
            var acs = sp.GetRequiredService<IOptions<AcsOptions>>().Value;
            var options = new SmsClientOptions { TimeProvider = sp.GetRequiredService<TimeProvider>() };
            options.Retry.Delay = TimeSpan.FromMilliseconds(5);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
            return new SmsClient(acs.ConnectionString!, options);
        });
    }
}
