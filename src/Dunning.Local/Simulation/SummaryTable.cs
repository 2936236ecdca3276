using Dunning.Local.Report;
using Spectre.Console;

namespace Dunning.Local.Simulation;

public static class SummaryTable
{
    public static void Print(SimulationReport report)
    {
        var table = new Table()
            .Title($"Dunning simulation: {report.Run.Borrowers:N0} accounts, {report.Run.Days} simulated days")
            .AddColumns("policy", "messages", "cost", "paid ≤3d after a message", "overdue at end", "busiest local minute", "compliance breaches");
        foreach (var p in report.Policies)
        {
            table.AddRow(
                Markup.Escape(p.Title),
                p.Messages.ToString("N0"),
                Markup.Escape($"{p.Cost:N2} {p.Currency}"),
                p.Funnel.PaidWithin3Days.ToString("N0"),
                p.FinalOverdueRate.ToString("P1"),
                Markup.Escape($"{p.BusiestLocalMinute} ({p.BusiestMinuteShare:P1})"),
                p.Compliance.Violations == 0 ? "[green]0[/]" : $"[red]{p.Compliance.Violations:N0}[/]");
        }

        AnsiConsole.Write(table);
        foreach (var experiment in report.Experiments)
        {
            foreach (var v in experiment.Variants)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"  experiment {experiment.Id} / {v.Name}: {v.PaidWithin3Days}/{v.Messages} paid within 3 days ({v.Rate:P1}, 95% CI {v.Low:P1}–{v.High:P1})"));
            }
        }

        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(report.Note)}[/]");
    }
}
