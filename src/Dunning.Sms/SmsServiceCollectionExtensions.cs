using Dunning.Core.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dunning.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISmsSender"/> on ACS: the client (from the factory: a connection string locally, an
    /// endpoint and managed identity in Azure), the sender pool bound to <see cref="SenderPoolOptions.Section"/>,
    /// all singletons (the client and the rate limiters are shared by every invocation on the instance).
    /// </summary>
    public static IServiceCollection AddAcsSms(this IServiceCollection services, Func<IServiceProvider, SmsClient> clientFactory)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        services.AddOptions<SenderPoolOptions>().BindConfiguration(SenderPoolOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(clientFactory);
        services.AddSingleton<SenderPool>();
        services.AddSingleton<ISmsSender, AcsSmsSender>();
        return services;
    }
}
