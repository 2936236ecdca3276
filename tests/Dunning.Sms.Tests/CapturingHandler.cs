using System.Net;
using System.Text;

namespace Dunning.Sms.Tests;

/// <summary>An HttpMessageHandler that records requests and answers a fixed ACS-shaped 202.</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, byte[] Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add((request, body));
        return new HttpResponseMessage(HttpStatusCode.Accepted)
        {
            Content = new StringContent(
                """{"value":[{"to":"+15550001111","messageId":"Outgoing_x","httpStatusCode":202,"successful":true}]}""",
                Encoding.UTF8,
                "application/json"),
        };
    }
}
