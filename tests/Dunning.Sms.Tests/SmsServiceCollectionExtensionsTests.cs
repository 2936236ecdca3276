using Dunning.Core.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dunning.Sms.Tests;

public sealed class SmsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAcsSms_ResolvesAcsSenderAndBindsThePoolLimit()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sms:SenderPool:PermitsPerMinutePerSender"] = "40" })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddAcsSms(_ => new SmsClient("endpoint=https://contoso.communication.azure.com/;accesskey=c2VjcmV0"));
        using var provider = services.BuildServiceProvider(validateScopes: true);

        Assert.IsType<AcsSmsSender>(provider.GetRequiredService<ISmsSender>());
        Assert.Equal(40, provider.GetRequiredService<IOptions<SenderPoolOptions>>().Value.PermitsPerMinutePerSender);
        Assert.Same(provider.GetRequiredService<ISmsSender>(), provider.GetRequiredService<ISmsSender>());
    }
}
