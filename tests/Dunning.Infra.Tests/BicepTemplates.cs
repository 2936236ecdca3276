using System.Diagnostics;
using System.Reflection;

namespace Dunning.Infra.Tests;

/// <summary>
/// Builds the entry templates once per test run with the Bicep CLI restored from NuGet
/// (PackageDownload Azure.Bicep.CommandLine.linux-x64) and exposes the ARM JSON.
/// </summary>
public sealed class BicepTemplates : IDisposable
{
    private readonly string _outputDirectory = Directory.CreateTempSubdirectory("dunning-bicep-").FullName;

    public BicepTemplates()
    {
        RepoRoot = Metadata("RepoRoot");
        BicepPath = Environment.GetEnvironmentVariable("BICEP_PATH") is { Length: > 0 } overridden ? overridden : Metadata("BicepPath");
        if (!File.Exists(BicepPath))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at {BicepPath}. Run 'dotnet restore tests/Dunning.Infra.Tests' (PackageDownload Azure.Bicep.CommandLine.linux-x64).");
        }

        EnsureExecutable(BicepPath);
        Main = Build("main.bicep", out var mainDiagnostics);
        Events = Build("events.bicep", out var eventsDiagnostics);
        Diagnostics = mainDiagnostics + eventsDiagnostics;
    }

    public string RepoRoot { get; }

    public string BicepPath { get; }

    /// <summary>infra-bicep/main.bicep, subscription scope, with every module nested.</summary>
    public ArmTemplate Main { get; }

    /// <summary>infra-bicep/events.bicep, deployed by the postdeploy hook.</summary>
    public ArmTemplate Events { get; }

    /// <summary>Everything bicep build printed (empty when the templates are clean).</summary>
    public string Diagnostics { get; }

    public string InfraFile(string relativePath) => Path.Combine(RepoRoot, "infra-bicep", relativePath);

    public void Dispose() => Directory.Delete(_outputDirectory, recursive: true);

    private ArmTemplate Build(string entry, out string diagnostics)
    {
        var start = new ProcessStartInfo(BicepPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", InfraFile(entry), "--outdir", _outputDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {BicepPath}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep build {entry} did not finish in 3 minutes.");
        }

        diagnostics = stdout + stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {entry} failed ({process.ExitCode}):\n{diagnostics}");
        }

        var json = Path.Combine(_outputDirectory, Path.ChangeExtension(entry, ".json"));
        return ArmTemplate.Parse(File.ReadAllText(json));
    }

    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    private static string Metadata(string key) =>
        typeof(BicepTemplates).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing; see Dunning.Infra.Tests.csproj.");
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepTemplates>
{
    public const string Name = "Bicep templates";
}
