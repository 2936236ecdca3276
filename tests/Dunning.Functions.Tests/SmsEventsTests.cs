using System.Text;
using Dunning.Core;
using Microsoft.AspNetCore.Http;
using Moq;

namespace Dunning.Functions.Tests;

public class SmsEventsTests
{
    [Fact]
    public async Task RunAsync_EventGridPost_MapsRequestToHttpCall_AndReplyToResponse()
    {
        using var cancellation = new CancellationTokenSource();
        var body = Encoding.UTF8.GetBytes("""[{"eventType":"Microsoft.Communication.SMSReceived"}]""");
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers["aeg-event-type"] = "Notification";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        HttpCall? call = null;
        var handler = new Mock<ISmsEventsHandler>(MockBehavior.Strict);
        handler.Setup(h => h.HandleAsync(It.IsAny<HttpCall>(), cancellation.Token))
            .Callback<HttpCall, CancellationToken>((c, _) => call = c)
            .ReturnsAsync(HttpReply.Problem(400, "no events"));

        var result = await new SmsEvents(handler.Object).RunAsync(context.Request, cancellation.Token);
        var response = await HttpResults.ExecuteAsync(result);

        handler.Verify(h => h.HandleAsync(It.IsAny<HttpCall>(), cancellation.Token), Times.Once);
        Assert.NotNull(call);
        Assert.Equal("POST", call.Method);
        Assert.Equal("Notification", call.Headers["AEG-EVENT-TYPE"]);
        Assert.Same(context.Request.Body, call.Body);
        Assert.Equal(body.Length, call.ContentLength);
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("""{"error":"no events"}""", response.Body);
    }

    [Fact]
    public async Task RunAsync_CloudEventsHandshake_ReturnsTheHandlersHeaders()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "OPTIONS";
        context.Request.Headers["WebHook-Request-Origin"] = "eventgrid.azure.net";
        var handler = new Mock<ISmsEventsHandler>(MockBehavior.Strict);
        handler.Setup(h => h.HandleAsync(It.Is<HttpCall>(c => c.Method == "OPTIONS"), CancellationToken.None))
            .ReturnsAsync(new HttpReply(200, Headers: new Dictionary<string, string> { ["WebHook-Allowed-Origin"] = "eventgrid.azure.net" }));

        var response = await HttpResults.ExecuteAsync(await new SmsEvents(handler.Object).RunAsync(context.Request, CancellationToken.None));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", response.Headers["WebHook-Allowed-Origin"]);
        Assert.Equal(string.Empty, response.Body);
    }
}
