using Dunning.Storage;
using Dunning.Storage.Emulator;
using Xunit;

namespace Dunning.Testing;

/// <summary>
/// One Azurite per test assembly: started from the repo's node_modules on loopback with free ports,
/// in memory, and stopped when the run ends. Tests isolate themselves by lender id, not by restarting it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    public string ConnectionString => azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public DunningStorage Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find(), CancellationToken.None);
        Storage = new DunningStorage(ConnectionString);
        await Storage.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}

/// <summary>xUnit needs the collection definition in each test assembly; each declares one with this name.</summary>
public static class AzuriteCollection
{
    public const string Name = "Azurite";
}

public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (package.json beside Functions.sln).");
    }
}
