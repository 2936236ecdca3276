using Spectre.Console;

namespace Dunning.Local.Simulation;

public static class SummaryTable
{
    public static void Print(DemoSummary summary)
    {
        var table = new Table().Title($"Dunning demo: {summary.Borrowers:N0} borrowers, {summary.Days} simulated days").AddColumns("", "count");
        table.AddRow("rows uploaded / rejected", $"{summary.RowsUploaded:N0} / {summary.RowsRejected:N0}");
        table.AddRow("jobs in the ledger", summary.Jobs.ToString("N0"));
        foreach (var (state, count) in summary.LedgerStates.OrderBy(s => s.Key))
        {
            table.AddRow($"  {Markup.Escape(state.ToLowerInvariant())}", count.ToString("N0"));
        }

        table.AddRow("messages the ACS emulator delivered", summary.DeliveredByEmulator.ToString("N0"));
        foreach (var (reason, count) in summary.SuppressedByReason)
        {
            table.AddRow($"  suppressed: {Markup.Escape(reason)}", count.ToString("N0"));
        }

        foreach (var (intent, count) in summary.RepliesByIntent.OrderBy(r => r.Key))
        {
            table.AddRow($"  replies: {Markup.Escape(intent)}", count.ToString("N0"));
        }

        table.AddRow("opt-outs", summary.OptOuts.ToString("N0"));
        table.AddRow("paid within 3 days of a message", summary.PaidWithin3DaysOfAMessage.ToString("N0"));
        table.AddRow("loans paid in the simulation", summary.LoansPaid.ToString("N0"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(summary.Note)}[/]");
    }
}
