using System.Globalization;
using System.Text.Json;
using Dunning.Core;
using Dunning.Core.Sending;
using Dunning.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Local.Simulation;

/// <summary>What a run did, computed from the ledger, the emulator's record and the lender report.</summary>
public sealed record DemoSummary
{
    public required string LenderId { get; init; }
    public required int Borrowers { get; init; }
    public required int Days { get; init; }
    public required int RowsUploaded { get; init; }
    public required int RowsRejected { get; init; }
    public required int Jobs { get; init; }
    public required int DeliveredByEmulator { get; init; }
    public required IReadOnlyDictionary<string, int> LedgerStates { get; init; }
    public required IReadOnlyDictionary<string, int> SuppressedByReason { get; init; }
    public required IReadOnlyDictionary<string, int> RepliesByIntent { get; init; }
    public required int OptOuts { get; init; }
    public required int PaidWithin3DaysOfAMessage { get; init; }
    public required int LoansPaid { get; init; }
    public string Note { get; init; } = "Borrower outcomes come from the seeded behaviour model, not from real borrowers.";

    public static async Task<DemoSummary> CollectAsync(LocalPipeline pipeline, SimulationResult result, CancellationToken cancellationToken)
    {
        var options = result.Options;
        var rows = new List<SendRecord>();
        await foreach (var row in pipeline.Services.GetRequiredService<ISendLedger>()
            .QueryAsync(options.LenderId, options.Start.AddDays(-1), result.EndedAt.AddDays(1), cancellationToken))
        {
            rows.Add(row);
        }

        var report = await FunnelJsonAsync(pipeline, result, cancellationToken);
        using var document = JsonDocument.Parse(report);
        var root = document.RootElement;
        return new DemoSummary
        {
            LenderId = options.LenderId,
            Borrowers = options.Borrowers,
            Days = options.Days,
            RowsUploaded = result.Upload.RowsRead,
            RowsRejected = result.Upload.Rejected,
            Jobs = rows.Count,
            DeliveredByEmulator = result.Delivered.Count,
            LedgerStates = rows.GroupBy(r => r.State.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            SuppressedByReason = rows.Where(r => r.State == SendState.Suppressed)
                .GroupBy(r => r.Reason ?? "unknown").OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            RepliesByIntent = Counts(root, "repliesByIntent"),
            OptOuts = Int(root, "optOuts"),
            PaidWithin3DaysOfAMessage = root.TryGetProperty("total", out var total) ? Int(total, "paidWithin3Days") : 0,
            LoansPaid = result.LoansPaid,
        };
    }

    public static async Task<string> WriteAsync(DemoSummary summary, LocalPipeline pipeline, SimulationOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.ArtifactsDirectory);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        var path = Path.Combine(options.ArtifactsDirectory, "report.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(summary, json), cancellationToken);
        return path;
    }

    private static async Task<string> FunnelJsonAsync(LocalPipeline pipeline, SimulationResult result, CancellationToken cancellationToken)
    {
        var from = result.Options.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = result.EndedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var reply = await pipeline.Services.GetRequiredService<ILenderApiHandler>().GetReportAsync(result.Options.LenderId, SimulationRunner.LenderKey, from, to, cancellationToken);
        return reply.StatusCode == 200 && reply.JsonBody is not null ? reply.JsonBody : "{}";
    }

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static Dictionary<string, int> Counts(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetInt32())
            : [];
}
