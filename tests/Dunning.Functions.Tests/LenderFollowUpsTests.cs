using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Moq;

namespace Dunning.Functions.Tests;

public class LenderFollowUpsTests
{
    [Fact]
    public async Task RunAsync_StatusQuery_PassesLenderAndStatusOnce()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?status=open");
        context.Request.Headers["x-lender-key"] = "key-b";
        var handler = new Mock<ILenderApiHandler>(MockBehavior.Strict);
        handler.Setup(h => h.ListFollowUpsAsync("lender-b", "key-b", "open", CancellationToken.None)).ReturnsAsync(HttpReply.Ok("[]"));

        var response = await HttpResults.ExecuteAsync(
            await new LenderFollowUps(handler.Object).RunAsync(context.Request, "lender-b", CancellationToken.None));

        handler.Verify(h => h.ListFollowUpsAsync("lender-b", "key-b", "open", CancellationToken.None), Times.Once);
        handler.VerifyNoOtherCalls();
        Assert.Equal("[]", response.Body);
    }
}
