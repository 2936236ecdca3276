using System.CommandLine;
using Dunning.Local.Pipeline;
using Spectre.Console;

namespace Dunning.Local.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var storage = new Option<string?>("--storage") { Description = "Azure Storage connection string (default: start Azurite from node_modules)" };
        var acs = new Option<string?>("--acs") { Description = "ACS connection string endpoint=...;accesskey=... (default: start the ACS emulator)" };
        var port = new Option<int?>("--port") { Description = "HTTP port on 127.0.0.1 (default: a free one)" };
        var key = new Option<string>("--key") { Description = "Key the /api routes require (x-functions-key or ?code=)", DefaultValueFactory = _ => "local-dev-key" };
        var command = new Command("serve", "Host the pipeline: HTTP routes, queue pumps, blob watcher and the hourly scan") { storage, acs, port, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var pipeline = await LocalPipeline.StartAsync(new LocalPipelineOptions
            {
                StorageConnectionString = parse.GetValue(storage) ?? Environment.GetEnvironmentVariable("AzureWebJobsStorage"),
                AcsConnectionString = parse.GetValue(acs),
                Port = parse.GetValue(port),
                SharedKey = parse.GetValue(key)!,
            }, RepositoryPaths.Root(), cancellationToken);
            AnsiConsole.MarkupLine($"[green]Dunning is serving[/] on [bold]{pipeline.BaseUrl}api/[/]  (storage: {Markup.Escape(pipeline.Options.StorageConnectionString is null ? "Azurite (in memory)" : "configured")}, ACS: {(pipeline.Emulator is null ? "configured" : "emulator at " + pipeline.Emulator.Endpoint)})");
            AnsiConsole.MarkupLine("Upload schedules to blob [bold]schedules/{lenderId}/...csv[/]; press Ctrl+C to stop.");
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
