using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Dunning.Storage.Emulator;
using Dunning.Testing;

namespace Dunning.Integration.Tests;

public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task StartAsync_APortTakenBeforeAzuriteBindsIt_StartsAgainOnOtherPortsAndAnswersThere()
    {
        // Another process holds a port between the probe and Azurite's listen.
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var attempts = 0;
        int[] ChoosePorts()
        {
            attempts++;
            var free = AzuriteProcess.FreePorts(3);
            return attempts == 1 ? [free[0], takenPort, free[2]] : free;
        }

        await using var azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find(), ChoosePorts, CancellationToken.None);

        Assert.Equal(2, attempts);
        Assert.DoesNotContain($":{takenPort}/", azurite.ConnectionString, StringComparison.Ordinal);
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("probe");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        Assert.Equal("r", (await table.GetEntityAsync<TableEntity>("p", "r")).Value.RowKey);
    }

    [Fact]
    public async Task StartAsync_EveryAttemptFindsItsPortTaken_GivesUpWithAzuritesOwnWords()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            AzuriteProcess.StartAsync(RepositoryRoot.Find(), () => { var free = AzuriteProcess.FreePorts(3); return [takenPort, free[1], free[2]]; }, CancellationToken.None));

        Assert.Contains("EADDRINUSE", error.Message, StringComparison.Ordinal);
    }
}
