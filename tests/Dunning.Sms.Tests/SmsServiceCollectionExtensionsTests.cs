using Dunning.Core.Sending;
using Dunning.Core.Sending.Throughput;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;

namespace Dunning.Sms.Tests;

public sealed class SmsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAcsSms_ResolvesAcsSenderOnTheSharedLimiterAndBindsItsSettings()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sms:SenderThroughput:LocalNumberPermitsPerMinute"] = "40",
                ["Sms:SenderThroughput:PermitsPerMinute:18005550100"] = "1200",
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(Mock.Of<ISenderThroughputStore>())
            .AddAcsSms(_ => new SmsClient("endpoint=https://contoso.communication.azure.com/;accesskey=c2VjcmV0"));
        using var provider = services.BuildServiceProvider(validateScopes: true);

        Assert.IsType<AcsSmsSender>(provider.GetRequiredService<ISmsSender>());
        var settings = provider.GetRequiredService<IOptions<SenderThroughputOptions>>().Value;
        Assert.Equal(40, settings.LocalNumberPermitsPerMinute);
        Assert.Equal(1200, SenderThroughputLimits.PermitsPerMinute("+18005550100", settings));
        Assert.Equal(40, SenderThroughputLimits.PermitsPerMinute("+12125550100", settings));
        Assert.IsType<SenderPermits>(provider.GetRequiredService<ISenderPermits>());
        Assert.Same(provider.GetRequiredService<ISmsSender>(), provider.GetRequiredService<ISmsSender>());
    }
}
