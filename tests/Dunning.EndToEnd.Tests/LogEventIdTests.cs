using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Dunning.EndToEnd.Tests;

public sealed class LogEventIdTests
{
    /// <summary>Alerts and queries select log lines by event id; two meanings for one id would mislead them.</summary>
    [Fact]
    public void LoggerMessageEventIds_AreUniqueAcrossTheShippedAssemblies()
    {
        var assemblies = new[]
        {
            typeof(Dunning.Core.PipelineNames).Assembly,
            typeof(Dunning.Storage.DunningStorage).Assembly,
            typeof(Dunning.Sms.SmsClient).Assembly,
            typeof(Dunning.Hosting.DunningOptions).Assembly,
            typeof(Dunning.Local.Pipeline.LocalPipeline).Assembly,
        };
        var ids = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        Assert.True(ids.Count > 20, $"found only {ids.Count} [LoggerMessage] methods");
        var clashes = ids.GroupBy(x => x.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Method))}").ToList();
        Assert.True(clashes.Count == 0, string.Join("; ", clashes));
    }
}
