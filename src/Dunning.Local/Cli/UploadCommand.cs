using System.CommandLine;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Local.Cli;

/// <summary>upload: puts a lender's CSV where the blob trigger (or serve's watcher) picks it up.</summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var lender = new Option<string>("--lender") { Description = "Lender id (the blob path decides whose data it is); register it first with `lender init`", Required = true };
        var file = new Argument<FileInfo>("file") { Description = "Schedule or payments CSV" };
        var payments = new Option<bool>("--payments") { Description = "Upload to payments/ instead of schedules/" };
        var brand = new Option<string?>("--brand") { Description = "Shortcut for `lender init`: register an unknown lender with this brand" };
        var hotline = new Option<string?>("--hotline") { Description = "With --brand: the new lender's hotline" };
        var region = new Option<string>("--region") { Description = "With --brand: the new lender's region, whose defaults it gets (`lender init` sets the rest)", DefaultValueFactory = _ => RegionDefaults.China.Region };
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (default: $AzureWebJobsStorage, as printed by serve)" };
        var command = new Command("upload", "Upload a schedule or payments CSV for a lender (register lenders with `lender init`)") { lender, file, payments, brand, hotline, region, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var lenderId = LenderAdmin.RequireId(parse.GetValue(lender)!);
            var csv = parse.GetValue(file)!;
            if (!csv.Exists)
            {
                throw new CliException($"no such file: {csv.FullName}", "give the path of a CSV file (README: Schedule CSV, Payments CSV)");
            }

            await using var services = LocalServices.For(LocalServices.RequireStorage(parse.GetValue(storage)));
            var admin = new LenderAdmin(services);
            await admin.EnsureStorageAsync(cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            if (await services.GetRequiredService<ILenderDirectory>().FindAsync(lenderId, cancellationToken) is null)
            {
                if (parse.GetValue(brand) is not { } brandName || parse.GetValue(hotline) is not { } hotlineNumber)
                {
                    throw new CliException($"unknown lender '{lenderId}'", $"register it first: lender init {lenderId} --region US --brand \"…\" --hotline \"…\" (or pass --brand and --hotline here)");
                }

                var key = await admin.InitAsync(lenderId, new LenderSettingsDocument { Region = parse.GetValue(region), Brand = brandName, Hotline = hotlineNumber }, cancellationToken);
                output.WriteLine($"Registered lender {lenderId} with {parse.GetValue(region)} defaults (change them with `lender set`); its key (x-lender-key), shown once: {key}");
            }

            var container = parse.GetValue(payments) ? PipelineNames.PaymentsContainer : PipelineNames.SchedulesContainer;
            var blob = services.GetRequiredService<DunningStorage>().Container(container).GetBlobClient($"{lenderId}/{csv.Name}");
            await using (var content = csv.OpenRead())
            {
                await blob.UploadAsync(content, overwrite: true, cancellationToken);
            }

            output.WriteLine($"Uploaded to {container}/{lenderId}/{csv.Name}; the result lands in {PipelineNames.ResultsContainer}/{lenderId}/.");
            return 0;
        });
        return command;
    }
}
