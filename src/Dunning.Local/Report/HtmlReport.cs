using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.Local.Report;

/// <summary>
/// report.html (one self-contained file: inline CSS, ScottPlot's inline SVG, one small script that writes each
/// chart's rendered size into the page so a headless browser can check it) and report.json.
/// </summary>
public static class HtmlReport
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<(string Html, string Json)> WriteAsync(SimulationReport report, string directory, CancellationToken cancellationToken, string? messagesCsv = null)
    {
        Directory.CreateDirectory(directory);
        if (messagesCsv is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "messages.csv"), messagesCsv, cancellationToken);
        }

        var jsonPath = Path.Combine(directory, "report.json");
        var htmlPath = Path.Combine(directory, "report.html");
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, Json), cancellationToken);
        await File.WriteAllTextAsync(htmlPath, Render(report, ReportCharts.Draw(report)), cancellationToken);
        return (htmlPath, jsonPath);
    }

    public static string Render(SimulationReport report, IReadOnlyList<ReportChart> charts)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Dunning simulation report</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1000px;color:#222}
            .notice{background:#fff4d6;border-left:6px solid #e0a800;padding:.8rem 1rem;font-size:1.05rem}
            table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}
            th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}
            th:first-child,td:first-child{text-align:left}
            .ok{color:#176c2e;font-weight:600}.bad{color:#b00020;font-weight:700}
            figure.chart{margin:1.5rem 0;border:1px solid #e4e4e4;padding:.5rem}
            figure.chart svg{display:block;width:100%;height:auto}
            figcaption{color:#555;font-size:.9rem}
            </style></head><body>
            <h1>What a month of Dunning does to this book</h1>
            """);
        html.Append("<p class=\"notice\" id=\"model-notice\"><strong>These outcomes are simulated.</strong> ")
            .Append(E(report.Note)).Append("</p>");
        var run = report.Run;
        html.Append(CultureInfo.InvariantCulture, $"<p>{run.Borrowers:N0} accounts across {E(string.Join(", ", run.TimeZones))}; {run.Days} simulated days from {run.Start:yyyy-MM-dd} (UTC); seed {run.Seed}. Each policy ran as its own lender on the same book, with the same borrowers facing the same odds.</p>");

        html.Append("<h2>Policies side by side</h2><table id=\"policies\"><tr><th>Policy</th><th>Messages</th><th>Segments</th><th>Cost</th><th>Accounts paid</th><th>Overdue at end</th><th>Opt-outs</th></tr>");
        foreach (var p in report.Policies)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(p.Title)}</td><td>{p.Messages:N0}</td><td>{p.Segments:N0}</td><td>{p.Cost:N2} {E(p.Currency)}</td><td>{p.AccountsPaid:N0}</td><td>{p.FinalOverdueRate:P1}</td><td>{p.RepliesByIntent.GetValueOrDefault("STOP"):N0}</td></tr>");
        }

        html.Append("</table>");
        html.Append("<h2>Compliance, counted from what was actually sent</h2>");
        html.Append("<p>Computed from the ACS emulator's record of accepted messages, joined with each borrower's time zone and the simulation's own record of opt-outs and payments, not from the pipeline's counters. Quiet hours: outside 08:00–21:00 local time. Caps: more than one message on a local day or more than three in any rolling 7 days to one borrower, replies excluded.</p>");
        html.Append("<table id=\"compliance\"><tr><th>Policy</th><th>Messages</th><th>In quiet hours</th><th>Over daily cap</th><th>Over 7-day cap</th><th>After opt-out</th><th>After payment</th></tr>");
        foreach (var p in report.Policies)
        {
            var c = p.Compliance;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Title)}</td><td>{c.Messages:N0}</td>{Cell(c.InQuietHours)}{Cell(c.OverDailyCap)}{Cell(c.OverWeeklyCap)}{Cell(c.AfterOptOut)}{Cell(c.AfterPayment)}</tr>");
        }

        html.Append("</table>");
        html.Append("<h2>Send times</h2><p>Each borrower's messages by their own local minute of the day. A lender's send-time spans spread a day's reminders instead of releasing them all when the window opens; the busiest minute's share says how well.</p>");
        html.Append("<table id=\"send-times\"><tr><th>Policy</th><th>Send-time spans</th><th>Busiest local minute</th><th>Share of messages</th><th>Most in one real minute</th><th>Sender numbers take a minute</th></tr>");
        foreach (var p in report.Policies)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(p.Title)}</td><td>{E(p.SendTimes.Count == 0 ? "none (first allowed minute)" : string.Join(", ", p.SendTimes))}</td><td>{E(p.BusiestLocalMinute)}</td><td>{p.BusiestMinuteShare:P1}</td><td>{p.PeakMessagesPerMinute:N0}</td><td>{p.SenderCapacityPerMinute:N0}</td></tr>");
        }

        html.Append("</table>");
        html.Append("<h2>Charts</h2>");
        foreach (var chart in charts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" data-chart=\"{E(chart.Id)}\" id=\"chart-{E(chart.Id)}\">")
                .Append(chart.Svg)
                .Append("<figcaption>").Append(E(chart.Caption)).Append("</figcaption></figure>");
        }

        if (report.Experiments.Count > 0)
        {
            html.Append("<h2>Experiments</h2><p>Rates are paid within 3 days of a delivered message, counting only messages whose 3 days ended inside the run; intervals are 95% (Wilson for rates, normal approximation for the difference from control).</p>");
            html.Append("<table id=\"experiments\"><tr><th>Experiment / arm</th><th>Messages</th><th>Paid ≤3 days</th><th>Rate (95% CI)</th><th>Uplift vs control (95% CI)</th></tr>");
            foreach (var experiment in report.Experiments)
            {
                foreach (var v in experiment.Variants)
                {
                    var uplift = v.Uplift is { } u ? string.Create(CultureInfo.InvariantCulture, $"{u * 100:+0.0;-0.0} pts ({v.UpliftLow * 100:+0.0;-0.0} to {v.UpliftHigh * 100:+0.0;-0.0})") : "control";
                    html.Append(CultureInfo.InvariantCulture,
                        $"<tr><td>{E(experiment.Id)} ({E(experiment.Stage)}, {E(experiment.Mode)}) / {E(v.Name)}</td><td>{v.Messages:N0}</td><td>{v.PaidWithin3Days:N0}</td><td>{v.Rate:P1} ({v.Low:P1}–{v.High:P1})</td><td>{E(uplift)}</td></tr>");
                }
            }

            html.Append("</table>");
        }

        html.Append("<h2>Where the jobs went</h2><table id=\"ledger\"><tr><th>Policy</th><th>Rows uploaded / rejected</th><th>Ledger states</th><th>Suppressed by reason</th></tr>");
        foreach (var p in report.Policies)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Title)}</td><td>{p.RowsUploaded:N0} / {p.RowsRejected:N0}</td><td>{E(Pairs(p.LedgerStates))}</td><td>{E(Pairs(p.SuppressedByReason))}</td></tr>");
        }

        html.Append("</table>");
        html.Append("<p>The behaviour model's parameters are in report.json (run.model) and explained in docs/SIMULATION.md.</p>");
        html.Append("""
            <pre id="chart-sizes" hidden></pre>
            <script>
            (function () {
              var sizes = {};
              document.querySelectorAll('figure.chart').forEach(function (figure) {
                var svg = figure.querySelector('svg');
                var box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
                var shapes = svg ? svg.querySelectorAll('rect,path,line,polyline,polygon').length : 0;
                sizes[figure.dataset.chart] = { width: Math.round(box.width), height: Math.round(box.height), shapes: shapes };
              });
              document.getElementById('chart-sizes').textContent = JSON.stringify(sizes);
            })();
            </script>
            </body></html>
            """);
        return html.ToString();
    }

    private static string Cell(int count) =>
        count == 0 ? "<td class=\"ok\">0</td>" : string.Create(CultureInfo.InvariantCulture, $"<td class=\"bad\">{count:N0}</td>");

    private static string Pairs(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
