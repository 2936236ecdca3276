using ScottPlot;

namespace Dunning.Local.Report;

/// <summary>A chart of the report: an id for the page, a caption, and ScottPlot's SVG.</summary>
public sealed record ReportChart(string Id, string Caption, string Svg);

/// <summary>The report's charts, drawn by ScottPlot as inline SVG so the HTML file carries them.</summary>
public static class ReportCharts
{
    public const int Width = 960;
    public const int Height = 380;

    public static IReadOnlyList<ReportChart> Draw(SimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var charts = new List<ReportChart>
        {
            OverdueByDay(report),
            Funnel(report),
        };
        if ((report.Policies.FirstOrDefault(p => p.Policy == "dunning") ?? report.Policies.FirstOrDefault(p => p.Messages > 0)) is { } main)
        {
            charts.Add(MessagesPerDay(main, report.Run.Days));
            charts.Add(SendHours(main));
            charts.Add(SendMinutes(main));
        }

        charts.Add(Replies(report));
        charts.Add(Cost(report));
        foreach (var experiment in report.Experiments)
        {
            charts.Add(Experiment(experiment));
        }

        return charts;
    }

    private static ReportChart OverdueByDay(SimulationReport report)
    {
        var plot = new Plot();
        foreach (var policy in report.Policies)
        {
            var ys = policy.OverdueRateByDay.Select(r => r * 100).ToArray();
            var xs = Enumerable.Range(1, ys.Length).Select(d => (double)d).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = policy.Title;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }

        plot.Title("Overdue rate per day, by policy");
        plot.XLabel("Simulated day");
        plot.YLabel("% of accounts past due and unpaid");
        plot.ShowLegend(Alignment.UpperLeft);
        return new ReportChart("overdue-by-day", "Share of accounts past their due date and still unpaid at the end of each day.", Svg(plot));
    }

    private static ReportChart Funnel(SimulationReport report)
    {
        var plot = new Plot();
        string[] steps = ["Jobs", "Sent", "Delivered", "Paid ≤3 days"];
        var groups = report.Policies.Count;
        var bars = new List<Bar>();
        for (var p = 0; p < groups; p++)
        {
            var f = report.Policies[p].Funnel;
            double[] values = [f.Jobs, f.Sent, f.Delivered, f.PaidWithin3Days];
            var color = plot.Add.Palette.GetColor(p);
            for (var s = 0; s < steps.Length; s++)
            {
                bars.Add(new Bar { Position = s * (groups + 1) + p, Value = values[s], FillColor = color });
            }
        }

        plot.Add.Bars(bars);
        Legend(plot, report.Policies.Select(p => p.Title));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. steps.Select((_, s) => s * (groups + 1) + (groups - 1) / 2.0)], steps);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Funnel: job → sent → delivered → paid within 3 days (collection messages)");
        plot.YLabel("Count");
        return new ReportChart("funnel", "Collection jobs in the ledger, sent to ACS, delivery confirmed, and accounts that paid within 3 days of a delivered message.", Svg(plot));
    }

    private static ReportChart MessagesPerDay(PolicyReport policy, int days)
    {
        var plot = new Plot();
        var bottoms = new double[days];
        var index = 0;
        var legend = new List<string>();
        foreach (var (stage, counts) in policy.MessagesPerDayByStage)
        {
            var color = plot.Add.Palette.GetColor(index++);
            var bars = new List<Bar>();
            for (var d = 0; d < days; d++)
            {
                bars.Add(new Bar { Position = d + 1, ValueBase = bottoms[d], Value = bottoms[d] + counts[d], FillColor = color, LineWidth = 0 });
                bottoms[d] += counts[d];
            }

            plot.Add.Bars(bars);
            legend.Add(stage);
        }

        Legend(plot, legend);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Messages per day by stage: {policy.Title}");
        plot.XLabel("Simulated day");
        plot.YLabel("Messages accepted by ACS");
        return new ReportChart("messages-per-day", "Every message the ACS emulator accepted for this policy, by day and stage (thank-yous and replies included).", Svg(plot));
    }

    private static ReportChart SendHours(PolicyReport policy)
    {
        var plot = new Plot();
        var quietBefore = plot.Add.HorizontalSpan(-0.5, 7.5);
        quietBefore.FillStyle.Color = Colors.Gray.WithAlpha(0.25);
        quietBefore.LegendText = "Quiet hours (21:00–08:00)";
        var quietAfter = plot.Add.HorizontalSpan(20.5, 23.5);
        quietAfter.FillStyle.Color = Colors.Gray.WithAlpha(0.25);
        var bars = plot.Add.Bars(Enumerable.Range(0, 24).Select(h => (double)h).ToArray(), policy.SendsByLocalHour.Select(c => (double)c).ToArray());
        bars.LegendText = "Messages";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, 24).Select(h => (double)h)], [.. Enumerable.Range(0, 24).Select(h => h.ToString("00", System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.SetLimitsX(-0.5, 23.5);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title($"Send times in the borrower's local time: {policy.Title}");
        plot.XLabel("Local hour");
        plot.YLabel("Messages");
        return new ReportChart("send-hours", "When messages arrived on the borrower's own clock; the shaded hours are the quiet window.", Svg(plot));
    }

    private static ReportChart SendMinutes(PolicyReport policy)
    {
        var plot = new Plot();
        foreach (var (text, index) in policy.SendTimes.Select((text, index) => (text, index)))
        {
            if (Dunning.Core.Lenders.SendTimeSpan.TryParse(text) is { } span)
            {
                var shade = plot.Add.HorizontalSpan(span.From.ToTimeSpan().TotalMinutes, span.Until.ToTimeSpan().TotalMinutes);
                shade.FillStyle.Color = Colors.Green.WithAlpha(0.15);
                shade.LegendText = index == 0 ? "Send-time spans" : "";
            }
        }

        var counts = policy.SendsByLocalMinute;
        var bars = plot.Add.Bars(Enumerable.Range(0, counts.Length).Select(m => (double)m).ToArray(), counts.Select(c => (double)c).ToArray());
        bars.LegendText = "Messages";
        foreach (var bar in bars.Bars)
        {
            bar.Size = 1;
            bar.LineWidth = 0;
        }

        if (policy.Messages > 0)
        {
            var limit = plot.Add.HorizontalLine(policy.Messages * 0.05);
            limit.LegendText = "5% of all messages";
            limit.LinePattern = LinePattern.Dashed;
            limit.Color = Colors.Red;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, 25).Where(h => h % 2 == 0).Select(h => h * 60.0)],
            [.. Enumerable.Range(0, 25).Where(h => h % 2 == 0).Select(h => $"{h % 24:00}:00")]);
        plot.Axes.SetLimitsX(0, 24 * 60);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title($"Messages per local minute: {policy.Title}");
        plot.XLabel("Borrower-local time of day (one bar a minute)");
        plot.YLabel("Messages");
        return new ReportChart("send-minutes", string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Every message by the borrower-local minute it was accepted in. Busiest minute {policy.BusiestLocalMinute}: {policy.BusiestMinuteShare:P1} of {policy.Messages:N0} messages (the dashed line is 5%)."), Svg(plot));
    }

    private static ReportChart Replies(SimulationReport report)
    {
        var plot = new Plot();
        var intents = report.Policies.SelectMany(p => p.RepliesByIntent.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (intents.Count == 0)
        {
            intents.Add("none");
        }

        var groups = report.Policies.Count;
        var bars = new List<Bar>();
        for (var p = 0; p < groups; p++)
        {
            var color = plot.Add.Palette.GetColor(p);
            for (var i = 0; i < intents.Count; i++)
            {
                bars.Add(new Bar { Position = i * (groups + 1) + p, Value = report.Policies[p].RepliesByIntent.GetValueOrDefault(intents[i]), FillColor = color });
            }
        }

        plot.Add.Bars(bars);
        Legend(plot, report.Policies.Select(p => p.Title));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. intents.Select((_, i) => i * (groups + 1) + (groups - 1) / 2.0)], [.. intents]);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Borrower replies by intent");
        plot.YLabel("Replies");
        return new ReportChart("replies", "Replies the behaviour model sent back, by intent and policy.", Svg(plot));
    }

    private static ReportChart Cost(SimulationReport report)
    {
        var plot = new Plot();
        var bars = report.Policies.Select((p, i) => new Bar
        {
            Position = i,
            Value = (double)p.Cost,
            FillColor = plot.Add.Palette.GetColor(i),
            Label = $"{p.Segments:N0} segments",
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. report.Policies.Select((_, i) => (double)i)], [.. report.Policies.Select(p => p.Title)]);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        var currency = report.Policies.FirstOrDefault()?.Currency ?? "";
        plot.Title("SMS segments and cost per policy");
        plot.YLabel($"Cost ({currency})");
        return new ReportChart("cost", "Segments the emulator accepted times the lender's price per segment.", Svg(plot));
    }

    private static ReportChart Experiment(ExperimentReport experiment)
    {
        var plot = new Plot();
        for (var i = 0; i < experiment.Variants.Count; i++)
        {
            var v = experiment.Variants[i];
            var bar = plot.Add.Bar(new Bar { Position = i, Value = v.Rate * 100, FillColor = plot.Add.Palette.GetColor(i).WithAlpha(0.6) });
            bar.LegendText = $"{v.Name} (n={v.Messages})";
            var interval = plot.Add.Line(i, v.Low * 100, i, v.High * 100);
            interval.LineWidth = 3;
            interval.LineColor = Colors.Black;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. experiment.Variants.Select((_, i) => (double)i)], [.. experiment.Variants.Select(v => v.Name)]);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"Experiment {experiment.Id} on {experiment.Stage} ({experiment.Mode}): paid within 3 days");
        plot.YLabel("% paid within 3 days (95% Wilson interval)");
        return new ReportChart($"experiment-{experiment.Id}", "Each arm's paid-within-3-days rate with its 95% Wilson interval; the table below gives the uplift over control.", Svg(plot));
    }

    private static void Legend(Plot plot, IEnumerable<string> names)
    {
        var items = names.Select((name, i) => new LegendItem { LabelText = name, FillColor = plot.Add.Palette.GetColor(i) }).ToList();
        plot.ShowLegend(items, Alignment.UpperRight);
    }

    private static string Svg(Plot plot) => plot.GetSvgXml(Width, Height);
}
