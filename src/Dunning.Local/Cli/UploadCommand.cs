using System.CommandLine;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>upload: puts a lender's CSV where the blob trigger (or serve's watcher) picks it up.</summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var lender = new Option<string>("--lender") { Description = "Lender id (the blob path decides whose data it is)", Required = true };
        var file = new Argument<FileInfo>("file") { Description = "Schedule or payments CSV" };
        var payments = new Option<bool>("--payments") { Description = "Upload to payments/ instead of schedules/" };
        var brand = new Option<string?>("--brand") { Description = "Register the lender with this brand if it is unknown" };
        var hotline = new Option<string?>("--hotline") { Description = "Hotline for a newly registered lender" };
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (default: $AzureWebJobsStorage, as printed by serve)" };
        var command = new Command("upload", "Upload a schedule or payments CSV for a lender") { lender, file, payments, brand, hotline, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var lenderId = parse.GetValue(lender)!;
            var csv = parse.GetValue(file)!;
            if (!LenderId.IsValid(lenderId))
            {
                AnsiConsole.MarkupLine("[red]A lender id is 2-63 characters of a-z, 0-9 and '-'.[/]");
                return 2;
            }

            if (!csv.Exists)
            {
                AnsiConsole.MarkupLine($"[red]No such file:[/] {Markup.Escape(csv.FullName)}");
                return 2;
            }

            if (LocalServices.StorageFrom(parse.GetValue(storage)) is not { } connection)
            {
                AnsiConsole.MarkupLine("[red]No storage:[/] pass --storage or set AzureWebJobsStorage (serve prints it).");
                return 2;
            }

            await using var services = LocalServices.For(connection);
            var lenders = services.GetRequiredService<ILenderDirectory>();
            if (await lenders.FindAsync(lenderId, cancellationToken) is null)
            {
                if (parse.GetValue(brand) is not { } brandName || parse.GetValue(hotline) is not { } hotlineNumber)
                {
                    AnsiConsole.MarkupLine($"[red]Unknown lender '{lenderId}'.[/] Pass --brand and --hotline to register it.");
                    return 2;
                }

                // The lender's key for its report and follow-up routes, shown once and stored only as a hash.
                var lenderKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
                await lenders.SaveAsync(LenderSettings.DefaultFor(lenderId) with
                {
                    Brand = brandName,
                    Hotline = hotlineNumber,
                    ApiKeyHashes = [LenderKeys.Hash(lenderKey)],
                }, cancellationToken);
                AnsiConsole.MarkupLine($"Registered lender [bold]{lenderId}[/]; its report key (x-lender-key), shown once: [bold]{lenderKey}[/]");
            }

            var container = parse.GetValue(payments) ? PipelineNames.PaymentsContainer : PipelineNames.SchedulesContainer;
            var blob = services.GetRequiredService<DunningStorage>().Container(container).GetBlobClient($"{lenderId}/{csv.Name}");
            await using (var content = csv.OpenRead())
            {
                await blob.UploadAsync(content, overwrite: true, cancellationToken);
            }

            AnsiConsole.MarkupLine($"Uploaded to [bold]{container}/{lenderId}/{Markup.Escape(csv.Name)}[/]; the result lands in {PipelineNames.ResultsContainer}/{lenderId}/.");
            return 0;
        });
        return command;
    }
}
