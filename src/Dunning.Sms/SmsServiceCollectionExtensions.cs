using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dunning.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISmsSender"/> on ACS: the client (from the factory: a connection string locally, an
    /// endpoint and managed identity in Azure) and the app-wide sender limits bound to
    /// <see cref="SenderThroughputOptions.Section"/>, all singletons (the client and this instance's blocks of
    /// permits are shared by every invocation on the instance). The shared bucket rows come from an
    /// <see cref="ISenderThroughputStore"/> the host registers (table storage in both hosts).
    /// </summary>
    public static IServiceCollection AddAcsSms(this IServiceCollection services, Func<IServiceProvider, SmsClient> clientFactory)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        services.AddOptions<SenderThroughputOptions>().BindConfiguration(SenderThroughputOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(clientFactory);
        services.TryAddSingleton<ISenderPermits, SenderPermits>();
        services.AddSingleton<ISmsSender, AcsSmsSender>();
        return services;
    }
}
