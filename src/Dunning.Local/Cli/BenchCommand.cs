using System.CommandLine;

namespace Dunning.Local.Cli;

internal static class BenchCommand
{
    public static Command Create() => new("bench", "placeholder");
}
