using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Dunning.Core;
using Dunning.Core.Schedules;

namespace Dunning.Storage.Schedules;

/// <summary>
/// Writes an upload's outcome beside it: schedules-results/{lenderId}/{kind}/{file}.errors.csv and
/// .summary.json. Cells are neutralised so the CSV is safe to open in a spreadsheet.
/// </summary>
public sealed class BlobIngestResultStore(DunningStorage storage) : IIngestResultStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly BlobContainerClient container = storage.Container(PipelineNames.ResultsContainer);

    public async Task<(string CsvPath, string JsonPath)> WriteAsync(IngestResult result, CancellationToken cancellationToken = default)
    {
        var baseName = $"{result.LenderId}/{result.Kind}/{result.FileName}";
        var csvPath = baseName + ".errors.csv";
        var jsonPath = baseName + ".summary.json";

        var csv = new StringBuilder("line,column,reason\r\n");
        foreach (var error in result.Errors)
        {
            csv.Append(error.Line.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(SpreadsheetSafe(error.Column)).Append(',')
               .Append(SpreadsheetSafe(error.Reason)).Append("\r\n");
        }

        var summary = new
        {
            result.LenderId,
            result.Kind,
            result.FileName,
            result.RowsRead,
            result.Stored,
            result.Unchanged,
            result.Rejected,
            result.Duplicates,
            result.FileError,
            ErrorsCsv = $"{PipelineNames.ResultsContainer}/{csvPath}",
        };

        await container.GetBlobClient(csvPath).UploadAsync(BinaryData.FromString(csv.ToString()), overwrite: true, cancellationToken);
        await container.GetBlobClient(jsonPath).UploadAsync(BinaryData.FromObjectAsJson(summary, Json), overwrite: true, cancellationToken);
        return ($"{PipelineNames.ResultsContainer}/{csvPath}", $"{PipelineNames.ResultsContainer}/{jsonPath}");
    }

    /// <summary>RFC 4180 quoting, and a leading quote mark on anything a spreadsheet would run as a formula.</summary>
    public static string SpreadsheetSafe(string value)
    {
        var text = FieldRules.LooksLikeFormula(value) ? "'" + value : value;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
