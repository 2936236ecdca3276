using System.CommandLine;
using Dunning.Core.Lenders;
using Dunning.Storage.Lenders;

namespace Dunning.Local.Cli;

/// <summary>
/// lender init | show | set | key: a lender's settings without editing tables by hand. Every change goes through the
/// same check as an uploaded config/{lenderId}/settings.json (docs/LENDERS.md).
/// </summary>
internal static class LenderCommand
{
    public static Command Create()
    {
        var command = new Command("lender", "Register and configure a lender (its settings document, its key)");
        command.Subcommands.Add(Init());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Set());
        command.Subcommands.Add(Key());
        return command;
    }

    private static Argument<string> LenderArgument() => new("lender") { Description = "Lender id (2-63 characters of a-z, 0-9 and '-')" };

    private static Option<string?> StorageOption() => new("--storage") { Description = "Storage connection string (default: $AzureWebJobsStorage, as printed by serve)" };

    private static Command Init()
    {
        var lender = LenderArgument();
        var region = new Option<string>("--region") { Description = "Where the lender lends (ISO 3166, e.g. US, CN): sets the defaults for everything not given", Required = true };
        var brand = new Option<string>("--brand") { Description = "The name borrowers know the lender by", Required = true };
        var hotline = new Option<string>("--hotline") { Description = "The number borrowers call, shown in every message", Required = true };
        var language = new Option<string?>("--language") { Description = "Default message language (en or zh-CN; default: the region's)" };
        var timeZone = new Option<string?>("--time-zone") { Description = "Default IANA time zone (default: the region's, e.g. America/New_York)" };
        var currency = new Option<string?>("--currency") { Description = "ISO 4217 currency (default: the region's)" };
        var senderIds = new Option<string[]>("--sender-id") { Description = "A number, short code or alphanumeric id to send from (repeatable)", AllowMultipleArgumentsPerToken = true };
        var storage = StorageOption();
        var command = new Command("init", "Register a lender with its region's defaults; prints its key once") { lender, region, brand, hotline, language, timeZone, currency, senderIds, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var lenderId = parse.GetValue(lender)!;
            await using var services = LocalServices.For(LocalServices.RequireStorage(parse.GetValue(storage)));
            var key = await new LenderAdmin(services).InitAsync(lenderId, new LenderSettingsDocument
            {
                Region = parse.GetValue(region),
                Brand = parse.GetValue(brand),
                Hotline = parse.GetValue(hotline),
                Language = parse.GetValue(language),
                TimeZone = parse.GetValue(timeZone),
                Currency = parse.GetValue(currency),
                SenderIds = parse.GetValue(senderIds) is { Length: > 0 } ids ? [.. ids] : null,
            }, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"Registered lender {lenderId}; its settings are in config/{LenderAdmin.SettingsBlobName(lenderId)} (see them with `lender show {lenderId}`).");
            output.WriteLine($"Its key for the report and follow-up routes (x-lender-key), shown once: {key}");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var lender = LenderArgument();
        var storage = StorageOption();
        var command = new Command("show", "Print the lender's settings in force, as a settings document") { lender, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = LocalServices.For(LocalServices.RequireStorage(parse.GetValue(storage)));
            var settings = await new LenderAdmin(services).RequireAsync(parse.GetValue(lender)!, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(LenderSettingsDocument.From(settings).ToJson());
            output.WriteLine($"// {settings.ApiKeyHashes.Count} key(s), stored as hashes; `lender key {settings.LenderId} --rotate` makes a new one.");
            return 0;
        });
        return command;
    }

    private static Command Set()
    {
        var lender = LenderArgument();
        var assignments = new Argument<string[]>("key=value") { Description = "Settings to change, e.g. maxMessagesPerDay=1 sendWindow.from=09:00 stages=T-3,T0,T+3 (an empty value restores the default)", Arity = ArgumentArity.OneOrMore };
        var storage = StorageOption();
        var command = new Command("set", "Change settings; checked like an uploaded settings document, nothing changes if one is refused") { lender, assignments, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var lenderId = parse.GetValue(lender)!;
            var changes = parse.GetValue(assignments)!;
            await using var services = LocalServices.For(LocalServices.RequireStorage(parse.GetValue(storage)));
            await new LenderAdmin(services).SetAsync(lenderId, changes, cancellationToken);
            parse.InvocationConfiguration.Output.WriteLine(
                $"Lender {lenderId}: {string.Join(", ", changes.Select(c => c.Split('=', 2)[0]))} changed. Hosts already running apply it within {TableLenderDirectory.CacheDuration.TotalSeconds:0} s.");
            return 0;
        });
        return command;
    }

    private static Command Key()
    {
        var lender = LenderArgument();
        var rotate = new Option<bool>("--rotate") { Description = "Make a new key and retire every older one" };
        var storage = StorageOption();
        var command = new Command("key", "The lender's key for its routes: --rotate prints a new one once") { lender, rotate, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var lenderId = parse.GetValue(lender)!;
            await using var services = LocalServices.For(LocalServices.RequireStorage(parse.GetValue(storage)));
            var admin = new LenderAdmin(services);
            var output = parse.InvocationConfiguration.Output;
            if (!parse.GetValue(rotate))
            {
                var settings = await admin.RequireAsync(lenderId, cancellationToken);
                output.WriteLine($"Lender {lenderId} has {settings.ApiKeyHashes.Count} key(s). Keys are stored only as hashes and shown once; `lender key {lenderId} --rotate` makes a new one.");
                return 0;
            }

            var key = await admin.RotateKeyAsync(lenderId, cancellationToken);
            output.WriteLine($"New key for lender {lenderId} (x-lender-key), shown once: {key}");
            output.WriteLine($"Older keys stop working within {TableLenderDirectory.CacheDuration.TotalSeconds:0} s.");
            return 0;
        });
        return command;
    }
}
