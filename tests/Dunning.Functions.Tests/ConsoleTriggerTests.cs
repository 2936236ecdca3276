using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Moq;

namespace Dunning.Functions.Tests;

public class ConsoleTriggerTests
{
    [Fact]
    public async Task ReplyToLenderFollowUp_PassesRouteValuesTheLenderKeyAndTheBodyOnce()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers["x-lender-key"] = "key-c";
        context.Request.Body = new MemoryStream("{\"text\":\"hi\"}"u8.ToArray());
        var handler = new Mock<ILenderConsoleHandler>(MockBehavior.Strict);
        handler.Setup(h => h.ReplyAsync("lender-c", "key-c", "fu-42", context.Request.Body, CancellationToken.None))
            .ReturnsAsync(new HttpReply(202, "{\"jobId\":\"j\"}"));

        var response = await HttpResults.ExecuteAsync(
            await new ReplyToLenderFollowUp(handler.Object).RunAsync(context.Request, "lender-c", "fu-42", CancellationToken.None));

        handler.Verify(h => h.ReplyAsync("lender-c", "key-c", "fu-42", context.Request.Body, CancellationToken.None), Times.Once);
        Assert.Equal(202, response.StatusCode);
    }

    [Fact]
    public async Task FindLenderBorrowers_PassesTheQueryValues()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?loanId=L-1");
        var handler = new Mock<ILenderConsoleHandler>(MockBehavior.Strict);
        handler.Setup(h => h.FindBorrowersAsync("lender-c", null, "L-1", null, null, CancellationToken.None)).ReturnsAsync(HttpReply.Ok("{}"));

        var response = await HttpResults.ExecuteAsync(await new FindLenderBorrowers(handler.Object).RunAsync(context.Request, "lender-c", CancellationToken.None));

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("index.html")]
    public async Task LenderConsole_ServesTheIndexWithAStrictContentSecurityPolicy(string? path)
    {
        var response = await HttpResults.ExecuteAsync(await new LenderConsole().RunAsync(new DefaultHttpContext().Request, path, CancellationToken.None));

        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("text/html", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", response.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", response.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("<html", response.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("../Dunning.Functions.dll")]
    [InlineData("no-such-file.js")]
    [InlineData("..%2F..%2Fhost.json")]
    public async Task LenderConsole_AnythingButItsOwnFiles_Is404(string path)
    {
        var response = await HttpResults.ExecuteAsync(await new LenderConsole().RunAsync(new DefaultHttpContext().Request, path, CancellationToken.None));

        Assert.Equal(404, response.StatusCode);
    }
}
