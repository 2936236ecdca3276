using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Moq;

namespace Dunning.Functions.Tests;

public class LenderReportTests
{
    [Theory]
    [InlineData("?from=2026-03-01&to=2026-03-31", "2026-03-01", "2026-03-31")]
    [InlineData("?to=2026-03-31", null, "2026-03-31")]
    [InlineData("", null, null)]
    public async Task RunAsync_RouteAndQuery_PassesLenderAndRangeOnce(string query, string? from, string? to)
    {
        using var cancellation = new CancellationTokenSource();
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers["x-lender-key"] = "key-a";
        var handler = new Mock<ILenderApiHandler>(MockBehavior.Strict);
        handler.Setup(h => h.GetReportAsync("lender-a", "key-a", from, to, cancellation.Token)).ReturnsAsync(HttpReply.Ok("""{"sent":3}"""));

        var response = await HttpResults.ExecuteAsync(
            await new LenderReport(handler.Object).RunAsync(context.Request, "lender-a", cancellation.Token));

        handler.Verify(h => h.GetReportAsync("lender-a", "key-a", from, to, cancellation.Token), Times.Once);
        handler.VerifyNoOtherCalls();
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("""{"sent":3}""", response.Body);
    }
}
