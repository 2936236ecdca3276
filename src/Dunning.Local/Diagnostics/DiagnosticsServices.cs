using Dunning.Core.Sending.Throughput;
using Dunning.Hosting;
using Dunning.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dunning.Local.Diagnostics;

/// <summary>
/// Settings that make a diagnostic run measure the pipeline rather than its politeness: the ACS client's HTTP
/// retries back off in milliseconds instead of seconds (the emulator's faults are injected, not a real outage), and
/// where asked, the sender limits are raised while their cost stays what it is in production.
/// </summary>
public static class DiagnosticsServices
{
    public static void UseFastSending(IServiceCollection services)
    {
        // Injected faults log a warning each; thousands of them would time the console, not the pipeline.
        services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Error);
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

    /// <summary>
    /// Raises the limit of the given senders so a benchmark is not capped at 200 sends a minute per number, while the
    /// allocator still takes blocks of a toll-free number's size (10): the storage requests it costs per message are
    /// the ones production pays.
    /// </summary>
    public static void LiftSenderLimits(IServiceCollection services, IEnumerable<string> senderIds)
    {
        const int Lifted = 12_000_000;
        var blocksPerMinute = Lifted / SenderTokenBucket.BlockSize(SenderThroughputLimits.TollFreePerMinute, new SenderThroughputOptions().BlocksPerMinute);
        var keys = senderIds.Select(SenderThroughputLimits.SettingKey).ToList();
        services.Configure<SenderThroughputOptions>(o =>
        {
            o.BlocksPerMinute = blocksPerMinute;
            foreach (var key in keys)
            {
                o.PermitsPerMinute[key] = Lifted;
            }
        });
    }
}
