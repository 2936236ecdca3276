using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Moq;

namespace Dunning.Functions.Tests;

public class CloseLenderFollowUpTests
{
    [Fact]
    public async Task RunAsync_RouteValues_PassesLenderAndFollowUpOnce()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers["x-lender-key"] = "key-c";
        var handler = new Mock<ILenderApiHandler>(MockBehavior.Strict);
        handler.Setup(h => h.CloseFollowUpAsync("lender-c", "key-c", "fu-42", context.Request.Body, CancellationToken.None))
            .ReturnsAsync(HttpReply.Problem(404, "no such follow-up"));

        var response = await HttpResults.ExecuteAsync(
            await new CloseLenderFollowUp(handler.Object).RunAsync(context.Request, "lender-c", "fu-42", CancellationToken.None));

        handler.Verify(h => h.CloseFollowUpAsync("lender-c", "key-c", "fu-42", context.Request.Body, CancellationToken.None), Times.Once);
        handler.VerifyNoOtherCalls();
        Assert.Equal(404, response.StatusCode);
    }
}
