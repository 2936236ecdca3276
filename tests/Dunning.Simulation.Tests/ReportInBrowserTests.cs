using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dunning.Testing;

namespace Dunning.Simulation.Tests;

/// <summary>
/// Looks at report.html as a person would: Debian's headless Chromium loads the file, the page's own script writes
/// each chart's rendered size into the DOM, and a screenshot is saved under artifacts/.
/// </summary>
[Collection(SimulationCollection.Name)]
public sealed partial class ReportInBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task ReportHtml_InHeadlessChromium_ShowsEveryChart()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `apt-get install -y chromium` (the lead's .ci/run installs it).");
        var output = await SimulationRuns.GetAsync(SimulationRuns.Small("sima"));
        var html = output.HtmlPath!;
        var expected = ChartIds().Matches(await File.ReadAllTextAsync(html)).Select(m => m.Groups[1].Value).ToList();
        Assert.True(expected.Count >= 7, $"the report should carry at least 7 charts, found {expected.Count}");

        var dom = await RunChromiumAsync("--dump-dom", "--virtual-time-budget=5000", new Uri(html).AbsoluteUri);
        var sizesJson = SizesBlock().Match(dom);
        Assert.True(sizesJson.Success, "the page's script did not write the chart sizes");
        var sizes = JsonSerializer.Deserialize<Dictionary<string, ChartSize>>(System.Net.WebUtility.HtmlDecode(sizesJson.Groups[1].Value), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        foreach (var id in expected)
        {
            Assert.True(sizes.TryGetValue(id, out var size), $"chart {id} is not in the rendered page");
            Assert.True(size.Width > 300 && size.Height > 100, $"chart {id} renders at {size.Width}×{size.Height}");
            Assert.True(size.Shapes > 10, $"chart {id} has only {size.Shapes} shapes");
        }

        var artifacts = Path.Combine(RepositoryRoot.Find(), "artifacts");
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "report-screenshot.png");
        File.Delete(screenshot);
        await RunChromiumAsync($"--screenshot={screenshot}", "--window-size=1280,4000", new Uri(html).AbsoluteUri);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or blank");
    }

    private static async Task<string> RunChromiumAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("dunning-chromium-");
        try
        {
            var start = new ProcessStartInfo(Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
            }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private sealed record ChartSize(int Width, int Height, int Shapes);

    [GeneratedRegex("data-chart=\"([^\"]+)\"")]
    private static partial Regex ChartIds();

    [GeneratedRegex("<pre id=\"chart-sizes\" hidden=\"\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex SizesBlock();
}
