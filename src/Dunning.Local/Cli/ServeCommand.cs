using System.CommandLine;
using Dunning.Core.Lenders;
using Dunning.Hosting;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Dunning.Local.Cli;

internal static class ServeCommand
{
    /// <summary>Placeholder hotlines for lenders serve registers to try things out; `lender set L hotline=…` replaces them.</summary>
    private static readonly Dictionary<string, string> SampleHotlines = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "(800) 555-0199",
        ["CN"] = "400-820-8820",
    };

    public static Command Create()
    {
        var storage = new Option<string?>("--storage") { Description = "Azure Storage connection string (default: start Azurite from node_modules)" };
        var acs = new Option<string?>("--acs") { Description = "ACS connection string endpoint=...;accesskey=... (default: start the ACS emulator)" };
        var port = new Option<int?>("--port") { Description = "HTTP port on 127.0.0.1 (default: a free one)" };
        var key = new Option<string>("--key") { Description = "Key the /api routes require (x-functions-key or ?code=)", DefaultValueFactory = _ => "local-dev-key" };
        var lenders = new Option<string[]>("--lender")
        {
            Description = "Register a lender to try things with, as id or id=REGION (US or CN; default CN), brand = id; prints its key (repeatable)",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Host the pipeline: HTTP routes, queue pumps, blob watcher and the hourly scan") { storage, acs, port, key, lenders };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var pipeline = await LocalPipeline.StartAsync(new LocalPipelineOptions
            {
                StorageConnectionString = parse.GetValue(storage) ?? Environment.GetEnvironmentVariable(StorageConnection.Name),
                AcsConnectionString = parse.GetValue(acs),
                Port = parse.GetValue(port),
                SharedKey = parse.GetValue(key)!,
            }, RepositoryPaths.Root(), cancellationToken);
            var connection = pipeline.Services.GetRequiredService<IConfiguration>()[StorageConnection.Name]!;
            AnsiConsole.MarkupLine($"[green]Dunning is serving[/] on [bold]{pipeline.BaseUrl}api/[/]  (storage: {Markup.Escape(pipeline.Options.StorageConnectionString is null ? "Azurite (in memory)" : "configured")}, ACS: {(pipeline.Emulator is null ? "configured" : "emulator at " + pipeline.Emulator.Endpoint)})");
            AnsiConsole.MarkupLine("Storage connection string, for a second terminal:");
            Console.WriteLine($"  export {StorageConnection.Name}=\"{connection}\"");

            var admin = new LenderAdmin(pipeline.Services);
            foreach (var spec in parse.GetValue(lenders) ?? [])
            {
                var (lenderId, region) = spec.Split('=', 2) is [var id, var r] ? (id, r.ToUpperInvariant()) : (spec, RegionDefaults.China.Region);
                if (await pipeline.Services.GetRequiredService<ILenderDirectory>().FindAsync(LenderAdmin.RequireId(lenderId), cancellationToken) is not null)
                {
                    Console.WriteLine($"  lender {lenderId} is already registered; its key is unchanged (`lender key {lenderId} --rotate` for a new one)");
                    continue;
                }

                var lenderKey = await admin.InitAsync(lenderId, new LenderSettingsDocument
                {
                    Region = region,
                    Brand = lenderId,
                    Hotline = SampleHotlines.GetValueOrDefault(region, ""),
                }, cancellationToken);
                Console.WriteLine($"  lender {lenderId} ({region} defaults, sample hotline: `lender set {lenderId} hotline=…`): key {lenderKey}");
            }

            AnsiConsole.MarkupLine("Then: [bold]lender init L --region US --brand B --hotline H[/], [bold]upload --lender L file.csv[/], [bold]report --lender L --key K[/] (docs/LENDERS.md). Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }
}
