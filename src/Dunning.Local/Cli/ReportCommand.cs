using System.CommandLine;
using System.Text.Json;
using Dunning.Core;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>report: the lender's funnel, the same JSON GET /api/lenders/{lenderId}/report returns.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var lender = new Option<string>("--lender") { Description = "Lender id", Required = true };
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd), default 30 days ago" };
        var to = new Option<string?>("--to") { Description = "Last day (yyyy-MM-dd), default today" };
        var key = new Option<string>("--key") { Description = "The lender's own key (as sent in x-lender-key)", Required = true };
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (default: $AzureWebJobsStorage)" };
        var command = new Command("report", "Print a lender's funnel per stage and template") { lender, key, from, to, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (LocalServices.StorageFrom(parse.GetValue(storage)) is not { } connection)
            {
                AnsiConsole.MarkupLine("[red]No storage:[/] pass --storage or set AzureWebJobsStorage (serve prints it).");
                return 2;
            }

            await using var services = LocalServices.For(connection);
            var reply = await services.GetRequiredService<ILenderApiHandler>().GetReportAsync(parse.GetValue(lender)!, parse.GetValue(key), parse.GetValue(from), parse.GetValue(to), cancellationToken);
            if (reply.StatusCode != 200)
            {
                AnsiConsole.MarkupLine($"[red]{reply.StatusCode}[/] {Markup.Escape(reply.JsonBody ?? "")}");
                return 1;
            }

            using var document = JsonDocument.Parse(reply.JsonBody ?? "{}");
            Console.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
