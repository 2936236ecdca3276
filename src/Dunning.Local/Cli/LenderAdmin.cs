using System.Security.Cryptography;
using System.Text;
using Azure;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Local.Cli;

/// <summary>
/// What the lender verbs do to a storage account. Settings go the way a lender's own upload goes: the document is
/// written to config/{lenderId}/settings.json and applied by the same handler the blob trigger calls, so the CLI
/// and a hand-written document can never disagree about what is valid.
/// </summary>
internal sealed class LenderAdmin(IServiceProvider services)
{
    private readonly ILenderDirectory lenders = services.GetRequiredService<ILenderDirectory>();
    private readonly DunningStorage storage = services.GetRequiredService<DunningStorage>();

    public static string SettingsBlobName(string lenderId) => $"{lenderId}/{LenderSettingsDocument.FileName}";

    /// <summary>Creates the tables, queues and containers if this account has never been used (Bicep does it in Azure).</summary>
    public Task EnsureStorageAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public async Task<LenderSettings> RequireAsync(string lenderId, CancellationToken cancellationToken) =>
        await lenders.FindAsync(RequireId(lenderId), cancellationToken)
            ?? throw new CliException($"unknown lender '{lenderId}'", $"register it: lender init {lenderId} --region US --brand \"…\" --hotline \"…\"");

    public static string RequireId(string lenderId) => LenderId.IsValid(lenderId)
        ? lenderId
        : throw new CliException($"'{lenderId}' is not a lender id", "a lender id is 2-63 characters of a-z, 0-9 and '-', starting with a letter or digit");

    /// <summary>Registers a lender from its first settings document and returns its first key (shown once, stored as a hash).</summary>
    public async Task<string> InitAsync(string lenderId, LenderSettingsDocument document, CancellationToken cancellationToken)
    {
        RequireId(lenderId);
        await EnsureStorageAsync(cancellationToken);
        if (await lenders.FindAsync(lenderId, cancellationToken) is not null)
        {
            throw new CliException($"lender '{lenderId}' already exists", $"change it with `lender set {lenderId} key=value …`, see it with `lender show {lenderId}`");
        }

        await ApplyAsync(lenderId, document.ToJson(), null, cancellationToken);
        return await RotateKeyAsync(lenderId, cancellationToken);
    }

    /// <summary>The lender's document as last written (or, for a lender registered before documents, its settings written out).</summary>
    public async Task<string> DocumentAsync(string lenderId, CancellationToken cancellationToken)
    {
        var current = await RequireAsync(lenderId, cancellationToken);
        try
        {
            var blob = await storage.Container(PipelineNames.ConfigContainer).GetBlobClient(SettingsBlobName(lenderId)).DownloadContentAsync(cancellationToken);
            return blob.Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return LenderSettingsDocument.From(current).ToJson();
        }
    }

    public async Task<LenderSettings> SetAsync(string lenderId, IReadOnlyList<string> assignments, CancellationToken cancellationToken)
    {
        var current = await RequireAsync(lenderId, cancellationToken);
        var (edited, problems) = LenderSettingsAssignments.Apply(await DocumentAsync(lenderId, cancellationToken), assignments);
        if (edited is null)
        {
            throw Refused(problems);
        }

        return await ApplyAsync(lenderId, edited, current, cancellationToken);
    }

    /// <summary>A new key for the lender's routes; every older key stops working.</summary>
    public async Task<string> RotateKeyAsync(string lenderId, CancellationToken cancellationToken)
    {
        var current = await RequireAsync(lenderId, cancellationToken);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await lenders.SaveAsync(current with { ApiKeyHashes = [LenderKeys.Hash(key)] }, cancellationToken);
        return key;
    }

    private async Task<LenderSettings> ApplyAsync(string lenderId, string json, LenderSettings? current, CancellationToken cancellationToken)
    {
        // Checked here first so a refused change never replaces the lender's last good document in the container.
        var validation = LenderSettingsValidator.Check(lenderId, json, current);
        if (!validation.Accepted)
        {
            throw Refused(validation.Problems);
        }

        await storage.Container(PipelineNames.ConfigContainer).GetBlobClient(SettingsBlobName(lenderId))
            .UploadAsync(BinaryData.FromString(json), overwrite: true, cancellationToken);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var summary = await services.GetRequiredService<IIngestLenderSettingsHandler>().HandleAsync(lenderId, content, cancellationToken);
        return summary.FileError is null
            ? await RequireAsync(lenderId, cancellationToken)
            : throw new CliException(summary.FileError, $"see {summary.ReportCsvPath}");
    }

    private static CliException Refused(IReadOnlyList<SettingsProblem> problems) =>
        new($"settings refused: {string.Join("; ", problems)}", "docs/LENDERS.md lists every setting and what it accepts; nothing was changed");
}
