using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Local.Diagnostics;

/// <summary>Wraps the service the pipeline registered last with a decorator, keeping its lifetime.</summary>
public static class ServiceCollectionDecorations
{
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService).Name} is not registered; nothing to decorate.");
        services.Remove(existing);
        services.Add(ServiceDescriptor.Describe(typeof(TService), sp => decorate((TService)Create(existing, sp), sp), existing.Lifetime));
        return services;
    }

    private static object Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
