namespace Dunning.Local.Cli;

/// <summary>A failure a CLI user can fix: shown as one line and a hint, exit code 2, no stack trace.</summary>
public sealed class CliException(string message, string hint) : Exception(message)
{
    public string Hint { get; } = hint;
}
