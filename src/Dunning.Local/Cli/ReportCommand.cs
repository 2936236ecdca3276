using System.CommandLine;
using System.Text.Json;
using Dunning.Core;
using Microsoft.Extensions.DependencyInjection;

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
            var lenderId = LenderAdmin.RequireId(parse.GetValue(lender)!);
            await using var services = LocalServices.For(LocalServices.RequireStorage(parse.GetValue(storage)));
            var reply = await services.GetRequiredService<ILenderApiHandler>().GetReportAsync(lenderId, parse.GetValue(key), parse.GetValue(from), parse.GetValue(to), cancellationToken);
            if (reply.StatusCode != 200)
            {
                using var problem = JsonDocument.Parse(reply.JsonBody ?? "{}");
                var reason = problem.RootElement.TryGetProperty("error", out var error) ? error.GetString() : reply.JsonBody;
                throw new CliException($"the report was refused ({reply.StatusCode}): {reason}",
                    reply.StatusCode == 403 ? $"use the key `lender init` or `lender key {lenderId} --rotate` printed" : "dates are yyyy-MM-dd, --from before --to");
            }

            using var document = JsonDocument.Parse(reply.JsonBody ?? "{}");
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
