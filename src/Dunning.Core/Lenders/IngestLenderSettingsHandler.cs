using System.Text;
using System.Text.Json;
using Dunning.Core.Schedules;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Lenders;

/// <summary>
/// Applies config/{lenderId}/settings.json: checked field by field, stored only when every field passes, with the
/// outcome written beside the lender's CSV results (schedules-results/{lenderId}/settings/). A refused document
/// changes nothing: the last good settings stay in force. The first accepted document registers the lender.
/// </summary>
public sealed partial class IngestLenderSettingsHandler(
    ILenderDirectory lenders,
    IIngestResultStore results,
    ILogger<IngestLenderSettingsHandler> logger) : IIngestLenderSettingsHandler
{
    public const string Kind = "settings";

    public async Task<IngestSummary> HandleAsync(string lenderId, Stream content, CancellationToken cancellationToken = default)
    {
        if (!LenderId.IsValid(lenderId))
        {
            // No results path can be trusted for a malformed id, and retrying will not make it valid.
            LogNotALenderId(lenderId.Length);
            return new IngestSummary(lenderId, LenderSettingsDocument.FileName, 1, 0, 0, 1, "the folder name is not a lender id (2-63 characters of a-z, 0-9 and '-')", null, null);
        }

        var text = await ReadAsync(content, cancellationToken);
        var current = await lenders.FindAsync(lenderId, cancellationToken);
        var validation = text is null
            ? LenderSettingsValidation.Refused([new SettingsProblem("(document)", $"is larger than {LenderSettingsValidator.MaxDocumentBytes / 1024} KB; a settings document is one page of JSON")])
            : LenderSettingsValidator.Check(lenderId, text, current);

        if (!validation.Accepted)
        {
            var refusal = $"settings refused ({validation.Problems.Count} problem(s)); {(current is null ? "the lender stays unregistered" : "the last good settings stay in force")}";
            var errors = validation.Problems.Select(p => new CsvRowError(p.Line, p.Field, p.Reason)).ToList();
            var refused = new IngestResult(lenderId, Kind, LenderSettingsDocument.FileName, 1, 0, 0, 1, refusal, errors);
            var (csv, json) = await results.WriteAsync(refused, cancellationToken);
            LogRefused(lenderId, validation.Problems.Count);
            return refused.ToSummary(csv, json);
        }

        var changed = current is null || !SameSettings(current, validation.Settings!);
        if (changed)
        {
            await lenders.SaveAsync(validation.Settings!, cancellationToken);
        }

        var applied = new IngestResult(lenderId, Kind, LenderSettingsDocument.FileName, 1, changed ? 1 : 0, changed ? 0 : 1, 0, null, []);
        var paths = await results.WriteAsync(applied, cancellationToken);
        LogApplied(lenderId, changed);
        return applied.ToSummary(paths.CsvPath, paths.JsonPath);
    }

    /// <summary>The document's text, or null when it is larger than a settings document can be.</summary>
    private static async Task<string?> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[LenderSettingsValidator.MaxDocumentBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > LenderSettingsValidator.MaxDocumentBytes ? null : new UTF8Encoding(false).GetString(buffer, 0, length).TrimStart('\uFEFF');
    }

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Ignored a settings document whose folder is not a lender id (name length {Length})")]
    private partial void LogNotALenderId(int length);

    private static bool SameSettings(LenderSettings a, LenderSettings b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Applied the settings document of lender {LenderId} (changed: {Changed})")]
    private partial void LogApplied(string lenderId, bool changed);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Refused the settings document of lender {LenderId}: {ProblemCount} problem(s); the last good settings stay in force")]
    private partial void LogRefused(string lenderId, int problemCount);
}
