using Dunning.Hosting;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Local.Cli;

/// <summary>The pipeline's services against an existing storage account, for verbs that do one thing and exit.</summary>
internal static class LocalServices
{
    public static ServiceProvider For(string storageConnectionString)
    {
        var defaults = new LocalPipelineOptions();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageConnection.Name] = storageConnectionString,
                [$"{DunningOptions.Section}:PhoneHashSecret"] = defaults.PhoneHashSecret,
                [$"{AcsOptions.Section}:ConnectionString"] = "endpoint=http://127.0.0.1:1/;accesskey=bm90LXVzZWQ=",
            })
            .AddEnvironmentVariables()
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddDunning(configuration).BuildServiceProvider();
    }

    public static string? StorageFrom(string? option) => option ?? Environment.GetEnvironmentVariable(StorageConnection.Name);

    public static string RequireStorage(string? option) => StorageFrom(option)
        ?? throw new CliException("no storage account given", "pass --storage \"…\" with the connection string serve prints, or set AzureWebJobsStorage");
}
