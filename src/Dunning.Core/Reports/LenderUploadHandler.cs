using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dunning.Core.Lenders;
using Dunning.Core.Schedules;

namespace Dunning.Core.Reports;

/// <summary>
/// Console uploads. The file lands under the lender's own prefix (the lender id from the route, never from the
/// file) with a time stamp before its name, so a second upload of "march.csv" is a new file whose result cannot be
/// mistaken for the first one's; the blob trigger (or the local blob watcher) ingests it like any upload.
/// </summary>
public sealed partial class LenderUploadHandler(LenderGate gate, ILenderUploadStore uploads, TimeProvider time) : ILenderUploadHandler
{
    public const long MaxBytes = 50L * 1024 * 1024;

    public async Task<HttpReply> UploadAsync(string lenderId, string? lenderKey, string kind, string? fileName, Stream body, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (!admission.Admitted)
        {
            return admission.Refusal!;
        }

        if (ContainerOf(kind) is not { } container)
        {
            return HttpReply.Problem(404, "Uploads are schedules or payments.");
        }

        if (fileName is null || !SafeName().IsMatch(fileName))
        {
            return HttpReply.Problem(400, "name is the file's name: letters, digits, '.', '_' or '-', ending in .csv, at most 100 characters.");
        }

        var stored = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{fileName}");
        await uploads.SaveAsync(container, lenderId, stored, body, cancellationToken);
        return new HttpReply(202, JsonSerializer.Serialize(new { kind, name = stored }, LenderApiHandler.Json));
    }

    public async Task<HttpReply> GetResultAsync(string lenderId, string? lenderKey, string kind, string name, CancellationToken cancellationToken = default)
    {
        var admission = await gate.AdmitAsync(lenderId, lenderKey, cancellationToken);
        if (!admission.Admitted)
        {
            return admission.Refusal!;
        }

        if (ContainerOf(kind) is null || !SafeName().IsMatch(name))
        {
            return HttpReply.Problem(404, "No such upload for this lender.");
        }

        var resultKind = kind == PipelineNames.SchedulesContainer ? IngestScheduleHandler.Kind : IngestPaymentsHandler.Kind;
        var (summary, errors) = await uploads.ReadResultAsync(lenderId, resultKind, name, cancellationToken);
        if (summary is null)
        {
            return new HttpReply(202, JsonSerializer.Serialize(new { kind, name, ready = false }, LenderApiHandler.Json));
        }

        using var document = JsonDocument.Parse(summary);
        return HttpReply.Ok(JsonSerializer.Serialize(new
        {
            kind,
            name,
            ready = true,
            summary = document.RootElement,
            errors = ReadErrors(errors).Select(e => new { line = e.Line, column = e.Column, reason = e.Reason }),
        }, LenderApiHandler.Json));
    }

    private static string? ContainerOf(string kind) => kind switch
    {
        PipelineNames.SchedulesContainer => PipelineNames.SchedulesContainer,
        PipelineNames.PaymentsContainer => PipelineNames.PaymentsContainer,
        _ => null,
    };

    /// <summary>The ingest's errors CSV (line,column,reason; RFC 4180 quoting) back into rows.</summary>
    public static IReadOnlyList<CsvRowError> ReadErrors(string? csv)
    {
        if (string.IsNullOrEmpty(csv))
        {
            return [];
        }

        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                record.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || record.Count > 0)
        {
            record.Add(cell.ToString());
            records.Add(record);
        }

        return [.. records.Skip(1).Where(r => r.Count >= 3 && long.TryParse(r[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(r => new CsvRowError(long.Parse(r[0], CultureInfo.InvariantCulture), r[1], r[2]))];
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]{0,95}\.csv$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
