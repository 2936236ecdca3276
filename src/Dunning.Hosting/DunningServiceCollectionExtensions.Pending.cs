using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Hosting;

public static partial class DunningServiceCollectionExtensions
{
    private static void AddSending(IServiceCollection services)
    {
    }

    private static void AddPersonalization(IServiceCollection services)
    {
    }
}
