using System.CommandLine;

namespace Dunning.Local.Cli;

/// <summary>The local host's verbs.</summary>
public static class DunningCli
{
    /// <summary>Every verb takes it: show the exception behind a failure, not only its one line.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose") { Description = "On failure, also print the exception and its stack trace", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("Dunning on one machine: the Functions pipeline on Azurite and the ACS emulator.");
        root.Options.Add(Verbose);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(UploadCommand.Create());
        root.Subcommands.Add(LenderCommand.Create());
        root.Subcommands.Add(LintCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ChaosCommand.Create());
        root.Subcommands.Add(FuzzCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs a verb. A failure, whether a mistyped option or an unreachable storage account, is one line
    /// and a hint on <paramref name="error"/> with exit code 2; the stack trace only with --verbose.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"error: {string.Join(" ", parse.Errors.Select(e => e.Message).Distinct())}");
            error.WriteLine($"hint: see `{VerbPath(parse.CommandResult)}--help`");
            return CliFailures.ExitCode;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception e)
        {
            return CliFailures.Report(e, error, parse.GetValue(Verbose));
        }
    }

    /// <summary>"lender init " for the command being parsed, "" for the root.</summary>
    private static string VerbPath(System.CommandLine.Parsing.CommandResult? command)
    {
        var names = new List<string>();
        for (var current = command; current is not null && current.Command is not RootCommand; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, current.Command.Name);
        }

        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }
}
