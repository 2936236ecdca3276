using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dunning.Storage.Emulator;

/// <summary>
/// Azurite from the repository's node_modules, on loopback, in memory, on free ports.
/// Used by the local host when no storage is configured and by the test fixtures.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's documented well-known development account.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;
    private readonly StringBuilder output;
    private readonly DirectoryInfo workspace;

    private AzuriteProcess(Process process, StringBuilder output, DirectoryInfo workspace, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.output = output;
        this.workspace = workspace;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";
    }

    public string ConnectionString { get; }

    public static Task<AzuriteProcess> StartAsync(string repositoryRoot, CancellationToken cancellationToken) =>
        StartAsync(repositoryRoot, () => FreePorts(3), cancellationToken);

    internal static async Task<AzuriteProcess> StartAsync(string repositoryRoot, Func<int[]> choosePorts, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed under {Path.Combine(repositoryRoot, "node_modules")}. Run 'npm ci' in {repositoryRoot} first.");
        }

        // A free port is only free until someone binds it: another test project's Azurite or any outgoing
        // connection can take it between our probe and Azurite's listen. Such a start is retried on new ports.
        for (var attempt = 1; ; attempt++)
        {
            var azurite = Launch(script, choosePorts());
            try
            {
                await azurite.WaitUntilListeningAsync(cancellationToken);
                return azurite;
            }
            catch (PortTakenException) when (attempt < MaxStartAttempts)
            {
                await azurite.DisposeAsync();
            }
            catch
            {
                await azurite.DisposeAsync();
                throw;
            }
        }
    }

    private const int MaxStartAttempts = 5;

    private static AzuriteProcess Launch(string script, int[] ports)
    {
        var workspace = Directory.CreateTempSubdirectory("dunning-azurite-");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workspace.FullName,
        };
        foreach (var arg in new[]
        {
            script, "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AzuriteProcess(process, output, workspace, ports[0], ports[1], ports[2]);
    }

    // Readiness is read from this process's own output, not by connecting to the ports: a connection could
    // reach another Azurite that won the same port, and the tests would then share its data.
    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var text = Output();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                text = Output();
                var message = $"Azurite exited with code {process.ExitCode}: {text}";
                throw text.Contains("EADDRINUSE", StringComparison.Ordinal)
                    ? new PortTakenException(message)
                    : new InvalidOperationException(message);
            }

            if (CountOf(text, "successfully listening") == 3)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Azurite did not listen within 60 s: {Output()}");
    }

    private static int CountOf(string text, string phrase)
    {
        var count = 0;
        for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + phrase.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private sealed class PortTakenException(string message) : InvalidOperationException(message);

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    internal static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            workspace.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty folder under /tmp is not worth failing a shutdown for.
        }
    }
}
