using Dunning.Core;
using Dunning.Local.Cli;
using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>Every mistake a newcomer can make with the CLI ends in one line saying what is wrong, a hint, and exit code 2.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliFailureTests(AzuriteFixture azurite)
{
    // Azurite's well-known development account, on a port nothing listens on.
    private const string Unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    private readonly string lenderId = "cli-" + Guid.NewGuid().ToString("N")[..8];

    public static TheoryData<string[], string> Mistakes => new()
    {
        { ["lender", "show", "acme", "--storage", Unreachable], "cannot reach storage: Connection refused (127.0.0.1:9)" },
        { ["upload", "--lender", "acme", "book.csv", "--storage", "not a connection string"], "no such file" },
        { ["lender", "show", "acme", "--storage", "not a connection string"], "connection string is not valid" },
        { ["lender", "init", "acme", "--brand", "Acme", "--hotline", "(212) 736-5000"], "--region" },
        { ["lender", "show", "Not_An_Id", "--storage", Unreachable], "is not a lender id" },
        { ["upload", "--lender", "acme", "a.csv", "b.csv"], "Unrecognized command or argument 'b.csv'" },
        { ["upload", "a.csv"], "Option '--lender' is required" },
        { ["serve", "--storage", Unreachable], "cannot reach storage" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task RunAsync_Mistake_IsOneLineAndAHintWithExitCode2(string[] args, string expected)
    {
        var (code, _, error) = await Cli(args);

        AssertOneLineAndHint(code, error, expected);
    }

    [Fact]
    public async Task RunAsync_MistypedSubcommand_HintNamesItsHelp()
    {
        var (code, _, error) = await Cli("lender", "init", "acme", "--brand", "Acme");

        AssertOneLineAndHint(code, error, "Option '--region' is required");
        Assert.Contains("hint: see `lender init --help`", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MistakeWithVerbose_AlsoShowsTheStackTrace()
    {
        var (code, _, error) = await Cli("lender", "show", "acme", "--storage", Unreachable, "--verbose");

        Assert.Equal(2, code);
        Assert.StartsWith("error: cannot reach storage", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LenderSet_ValueBeyondTheLawfulBound_IsRefusedAndNothingChanges()
    {
        Assert.Equal(0, (await Cli("lender", "init", lenderId, "--region", "US", "--brand", "Acme", "--hotline", "(212) 736-5000", "--storage", azurite.ConnectionString)).Code);

        var refused = await Cli("lender", "set", lenderId, "maxMessagesPer7Days=9", "sendWindow.from=07:00", "--storage", azurite.ConnectionString);
        var shown = await Cli("lender", "show", lenderId, "--storage", azurite.ConnectionString);

        AssertOneLineAndHint(refused.Code, refused.Error, "maxMessagesPer7Days: 9 is outside 1–7");
        Assert.Contains("sendWindow.from: 07:00 is earlier than 08:00", refused.Error, StringComparison.Ordinal);
        Assert.Contains("\"maxMessagesPer7Days\": 7", shown.Output, StringComparison.Ordinal);
        Assert.Contains("\"from\": \"08:00\"", shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LenderSetThenShow_TheChangeIsInForce()
    {
        Assert.Equal(0, (await Cli("lender", "init", lenderId, "--region", "CN", "--brand", "安信", "--hotline", "400-820-8820", "--storage", azurite.ConnectionString)).Code);

        var set = await Cli("lender", "set", lenderId, "sendWindow.from=09:00", "thankYouValidDays=2", "--storage", azurite.ConnectionString);
        var shown = await Cli("lender", "show", lenderId, "--storage", azurite.ConnectionString);

        Assert.True(set.Code == 0, set.Error);
        Assert.Contains("\"from\": \"09:00\"", shown.Output, StringComparison.Ordinal);
        Assert.Contains("\"thankYouValidDays\": 2", shown.Output, StringComparison.Ordinal);
        Assert.Contains("\"timeZone\": \"Asia/Shanghai\"", shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LenderInit_TwiceForOneLender_SecondIsRefused()
    {
        string[] init = ["lender", "init", lenderId, "--region", "US", "--brand", "Acme", "--hotline", "(212) 736-5000", "--storage", azurite.ConnectionString];
        Assert.Equal(0, (await Cli(init)).Code);

        var (code, _, error) = await Cli(init);

        AssertOneLineAndHint(code, error, "already exists");
    }

    [Fact]
    public async Task LenderKeyRotate_PrintsANewKeyAndTheOldOneStopsOpeningTheReport()
    {
        var init = await Cli("lender", "init", lenderId, "--region", "US", "--brand", "Acme", "--hotline", "(212) 736-5000", "--storage", azurite.ConnectionString);
        var oldKey = init.Output.Split("shown once: ")[1].Trim();

        var rotated = await Cli("lender", "key", lenderId, "--rotate", "--storage", azurite.ConnectionString);
        var newKey = rotated.Output.Split("shown once: ")[1].Split('\n')[0].Trim();
        var withOld = await Cli("report", "--lender", lenderId, "--key", oldKey, "--storage", azurite.ConnectionString);
        var withNew = await Cli("report", "--lender", lenderId, "--key", newKey, "--storage", azurite.ConnectionString);

        Assert.NotEqual(oldKey, newKey);
        AssertOneLineAndHint(withOld.Code, withOld.Error, "403");
        Assert.True(withNew.Code == 0, withNew.Error);
    }

    [Fact]
    public async Task Upload_UnknownLender_IsOneLineNamingLenderInit()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, _, error) = await Cli("upload", "--lender", lenderId, file, "--storage", azurite.ConnectionString);

            AssertOneLineAndHint(code, error, "unknown lender");
            Assert.Contains("lender init", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Upload_ToAnAccountWithoutItsTables_CreatesThem()
    {
        // The collection runs one test at a time, so the shared account can lose its tables for a moment.
        await azurite.Storage.Table(PipelineNames.LendersTable).DeleteAsync();
        await azurite.Storage.Container(PipelineNames.SchedulesContainer).DeleteIfExistsAsync();
        var file = Path.Combine(Path.GetTempPath(), lenderId + ".csv");
        await File.WriteAllTextAsync(file, "loan_id\r\n");
        try
        {
            var (code, output, error) = await Cli("upload", "--lender", lenderId, file, "--brand", "Acme", "--hotline", "(212) 736-5000", "--region", "US", "--storage", azurite.ConnectionString);

            Assert.True(code == 0, error);
            Assert.Contains("shown once", output, StringComparison.Ordinal);
            Assert.True(await azurite.Storage.Container(PipelineNames.SchedulesContainer).GetBlobClient($"{lenderId}/{Path.GetFileName(file)}").ExistsAsync());
        }
        finally
        {
            await azurite.Storage.EnsureCreatedAsync();
            File.Delete(file);
        }
    }

    private static void AssertOneLineAndHint(int code, string error, string expected)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(code == 2, $"exit code {code}: {error}");
        Assert.True(lines.Length == 2, error);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.StartsWith("hint: ", lines[1], StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DunningCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
