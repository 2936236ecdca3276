using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dunning.Core.Lenders;
using Dunning.Core.Schedules;

namespace Dunning.Core.Reports;

/// <summary>
/// The console's settings page. The document in force is the lender's settings written as a settings document
/// (what `lender show` prints); a save is checked field by field first (422 with each field's reason, nothing
/// changed), then lands in config/{lenderId}/settings.json and is applied by the same handler as an uploaded
/// document. A new key replaces every old one at once; it is returned once and only its hash is kept.
/// </summary>
public sealed class LenderSettingsConsoleHandler(
    LenderGate gate,
    ILenderDirectory lenders,
    ILenderUploadStore uploads,
    IIngestLenderSettingsHandler ingest) : ILenderSettingsConsoleHandler
{
    public async Task<HttpReply> GetAsync(string lenderId, string? lenderKey, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        return admission.Lender is { } lender ? InForce(lender) : admission.Refusal!;
    }

    public async Task<HttpReply> SaveAsync(string lenderId, string? lenderKey, Stream body, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (admission.Lender is not { } lender)
        {
            return admission.Refusal!;
        }

        using var reader = new StreamReader(body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var validation = LenderSettingsValidator.Check(lenderId, text, lender);
        if (!validation.Accepted)
        {
            return new HttpReply(422, JsonSerializer.Serialize(new
            {
                error = "The settings were refused; the settings in force are unchanged.",
                problems = validation.Problems.Select(p => new { line = p.Line, field = p.Field, reason = p.Reason }),
            }, LenderApiHandler.Json));
        }

        await uploads.SaveAsync(PipelineNames.ConfigContainer, lenderId, LenderSettingsDocument.FileName, new MemoryStream(Encoding.UTF8.GetBytes(text)), cancellationToken);
        var summary = await ingest.HandleAsync(lenderId, new MemoryStream(Encoding.UTF8.GetBytes(text)), cancellationToken);
        if (summary.FileError is not null)
        {
            return HttpReply.Problem(409, summary.FileError);
        }

        return InForce(await lenders.FindAsync(lenderId, cancellationToken) ?? validation.Settings!);
    }

    public async Task<HttpReply> RotateKeyAsync(string lenderId, string? lenderKey, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (admission.Lender is not { } lender)
        {
            return admission.Refusal!;
        }

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await lenders.SaveAsync(lender with { ApiKeyHashes = [LenderKeys.Hash(key)] }, cancellationToken);
        return HttpReply.Ok(JsonSerializer.Serialize(new { lenderId, key }, LenderApiHandler.Json));
    }

    private static HttpReply InForce(LenderSettings lender) =>
        HttpReply.Ok(JsonSerializer.Serialize(new
        {
            lenderId = lender.LenderId,
            document = LenderSettingsDocument.From(lender).ToJson(),
            keys = lender.ApiKeyHashes.Count,
        }, LenderApiHandler.Json));
}
