using System.CommandLine;

namespace Dunning.Local.Cli;

internal static class FuzzCommand
{
    public static Command Create() => new("fuzz", "placeholder");
}
