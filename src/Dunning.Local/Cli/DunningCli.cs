using System.CommandLine;

namespace Dunning.Local.Cli;

/// <summary>The local host's verbs.</summary>
public static class DunningCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Dunning on one machine: the Functions pipeline on Azurite and the ACS emulator.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(UploadCommand.Create());
        root.Subcommands.Add(LintCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ChaosCommand.Create());
        root.Subcommands.Add(FuzzCommand.Create());
        return root;
    }
}
