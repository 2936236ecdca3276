using Dunning.Core.Lenders;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>
/// demo --serve: after the simulation, the same storage stays up behind a serving host so a newcomer can open the
/// console on the demo's data. The host's clock runs from the simulation's last day (at 10:00 UTC+8, inside the send
/// window), so the timeline and the dashboard see the simulated weeks as recent and a staff reply goes out at once.
/// </summary>
internal static class DemoConsole
{
    public static async Task ServeAsync(string storageConnectionString, DateTimeOffset simulatedEnd, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(simulatedEnd.UtcDateTime.Date.AddHours(2), TimeSpan.Zero);
        await using var pipeline = await LocalPipeline.StartAsync(new LocalPipelineOptions
        {
            StorageConnectionString = storageConnectionString,
            Time = new ShiftedTimeProvider(start - TimeProvider.System.GetUtcNow()),
            ShardCount = 1,
        }, RepositoryPaths.Root(), cancellationToken);

        var admin = new LenderAdmin(pipeline.Services);
        var consoleUrl = new Uri(pipeline.BaseUrl, "/api/console/");
        AnsiConsole.MarkupLine($"[green]The console is open on the demo's data:[/] [bold]{consoleUrl}[/]  (its clock reads {start:yyyy-MM-dd HH:mm} UTC)");
        foreach (var lenderId in await pipeline.Services.GetRequiredService<ILenderDirectory>().ListLenderIdsAsync(cancellationToken))
        {
            // The simulated lender has no key of its own; this one is new, shown once, and only its hash is kept.
            var key = await admin.RotateKeyAsync(lenderId, cancellationToken);
            Console.WriteLine($"  lender id {lenderId}   key {key}");
        }

        AnsiConsole.MarkupLine("Sign in with the lender id and key above. Ctrl+C stops.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The system clock moved by a fixed offset: it ticks, and its timers are the system's.</summary>
    private sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
