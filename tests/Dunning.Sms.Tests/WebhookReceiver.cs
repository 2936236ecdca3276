using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dunning.Sms.Tests;

/// <summary>Stands in for /api/sms/events: records every Event Grid post with its headers.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<(JsonArray Events, IHeaderDictionary Headers)> Posts { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>How long the first post is held before it is answered, to stand for a host that is too slow once.</summary>
    public TimeSpan FirstPostDelay { get; set; }

    private int postsSeen;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/api/sms/events", async (HttpContext context) =>
        {
            if (Interlocked.Increment(ref receiver.postsSeen) == 1 && receiver.FirstPostDelay > TimeSpan.Zero)
            {
                await Task.Delay(receiver.FirstPostDelay);
                return Results.StatusCode(503);
            }

            var events = (JsonArray)(await JsonNode.ParseAsync(context.Request.Body))!;
            receiver.Posts.Enqueue((events, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/api/sms/events");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
