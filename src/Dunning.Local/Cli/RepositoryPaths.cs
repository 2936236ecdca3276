namespace Dunning.Local.Cli;

internal static class RepositoryPaths
{
    /// <summary>artifacts/ at the repository root, wherever the command was started from (dotnet run starts in the project folder).</summary>
    public static string Artifacts() => Path.Combine(Root(), "artifacts");

    /// <summary>The repository root (where package.json and node_modules live), from the working directory up.</summary>
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run this from inside the Dunning repository (package.json beside Functions.sln).");
    }
}
