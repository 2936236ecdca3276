using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dunning.AcsEmulator;

/// <summary>
/// An Azure Communication Services SMS resource on 127.0.0.1: POST /sms checks the HMAC signature (or a bearer
/// token) like ACS, validates the request, honours repeatability, injects faults, records every real send, and
/// later posts delivery reports (and, on request, inbound messages) to a webhook as Event Grid does.
/// </summary>
public sealed class AcsEmulator : IAsyncDisposable
{
    private readonly AcsEmulatorOptions options;
    private readonly WebApplication app;
    private readonly byte[] key;
    private readonly Random random;
    private readonly Lock randomLock = new();
    private readonly ConcurrentQueue<DeliveredSms> delivered = new();
    private readonly ConcurrentDictionary<string, Lazy<JsonObject>> repeatable = new(StringComparer.Ordinal);
    private readonly List<PendingReport> pendingReports = [];
    private readonly Lock reportsLock = new();
    private readonly HttpClient webhook;
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim flushGate = new(1, 1);
    private Task? flushLoop;
    private int forcedFailures;
    private int forcedStatus;
    private long messageSequence;
    private int throttled;
    private int serverErrors;
    private int lostResponses;
    private int unauthorized;

    private AcsEmulator(AcsEmulatorOptions options, WebApplication app, string accessKey)
    {
        this.options = options;
        webhook = new HttpClient { Timeout = options.WebhookTimeout };
        this.app = app;
        AccessKey = accessKey;
        key = Convert.FromBase64String(accessKey);
        random = new Random(options.Seed);
    }

    public Uri Endpoint { get; private set; } = null!;

    public string AccessKey { get; }

    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    /// <summary>Every message accepted for delivery, once per real send (repeats are not recorded again).</summary>
    public IReadOnlyList<DeliveredSms> Delivered => [.. delivered];

    public int ThrottledCount => Volatile.Read(ref throttled);

    public int ServerErrorCount => Volatile.Read(ref serverErrors);

    public int LostResponseCount => Volatile.Read(ref lostResponses);

    public int UnauthorizedCount => Volatile.Read(ref unauthorized);

    public int PendingReportCount
    {
        get
        {
            lock (reportsLock)
            {
                return pendingReports.Count;
            }
        }
    }

    public static async Task<AcsEmulator> StartAsync(AcsEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var accessKey = options.AccessKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new AcsEmulator(options, app, accessKey);
        app.MapPost("/sms", emulator.SendAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.Endpoint = new Uri(address.TrimEnd('/') + "/");
        if (options.AutoFlushInterval is { } interval)
        {
            emulator.flushLoop = emulator.FlushLoopAsync(interval);
        }

        return emulator;
    }

    /// <summary>The next <paramref name="count"/> authenticated requests fail with <paramref name="statusCode"/>.</summary>
    public void FailNext(int count, int statusCode)
    {
        Volatile.Write(ref forcedStatus, statusCode);
        Volatile.Write(ref forcedFailures, count);
    }

    /// <summary>Posts every delivery report that is due on the emulator's clock; returns how many were posted.</summary>
    public async Task<int> FlushDueReportsAsync(CancellationToken cancellationToken = default)
    {
        await flushGate.WaitAsync(cancellationToken);
        try
        {
            var now = options.TimeProvider.GetUtcNow();
            List<PendingReport> due;
            lock (reportsLock)
            {
                due = [.. pendingReports.Where(r => r.DueAt <= now)];
                pendingReports.RemoveAll(r => r.DueAt <= now);
            }

            if (due.Count == 0 || options.WebhookUrl is null)
            {
                return 0;
            }

            if (options.ShuffleReports)
            {
                lock (randomLock)
                {
                    random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(due));
                }
            }

            var posted = 0;
            var repeats = new List<JsonArray>();
            foreach (var chunk in due.Chunk(50))
            {
                var events = new JsonArray([.. chunk.Select(r => (JsonNode)AcsEventPayloads.DeliveryReport(
                    r.Sms.MessageId, r.Sms.From, r.Sms.To, r.Delivered, AcsEventPayloads.Segments(r.Sms.Text), r.Sms.AcceptedAt, now, r.Sms.Tag))]);
                if (await PostEventsAsync(events, cancellationToken))
                {
                    posted += chunk.Length;
                    repeats.Add(events);
                }
                else
                {
                    // Event Grid retries failed deliveries; so do we, on a later flush.
                    lock (reportsLock)
                    {
                        pendingReports.AddRange(chunk.Where(r => r.PostAttempts < 5).Select(r => r with { PostAttempts = r.PostAttempts + 1 }));
                    }
                }
            }

            // Redeliveries of the same events (same ids), the latest batch first, after every first delivery.
            repeats.Reverse();
            for (var delivery = 1; delivery < options.EventDeliveries; delivery++)
            {
                foreach (var events in repeats)
                {
                    await PostEventsAsync(events, cancellationToken);
                }
            }

            return posted;
        }
        finally
        {
            flushGate.Release();
        }
    }

    /// <summary>Event Grid retries a reply it could not deliver; the same event id makes a late first delivery harmless.</summary>
    private const int InboundPostAttempts = 3;

    /// <summary>A borrower's reply arriving at one of our numbers: posts Microsoft.Communication.SMSReceived now.</summary>
    public async Task<string> PostInboundSmsAsync(string from, string to, string message, CancellationToken cancellationToken = default)
    {
        var webhookUrl = options.WebhookUrl ?? throw new InvalidOperationException("No webhook URL is configured.");
        var messageId = NewMessageId("Incoming");
        var payload = new JsonArray(AcsEventPayloads.Received(messageId, from, to, message, options.TimeProvider.GetUtcNow()));
        var accepted = false;
        for (var attempt = 1; attempt <= InboundPostAttempts && !accepted; attempt++)
        {
            accepted = await PostEventsAsync(payload, cancellationToken);
        }

        if (!accepted)
        {
            throw new HttpRequestException($"The webhook {webhookUrl} did not accept the SMSReceived event.");
        }

        for (var delivery = 1; delivery < options.EventDeliveries; delivery++)
        {
            await PostEventsAsync(payload, cancellationToken);
        }

        return messageId;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (flushLoop is not null)
        {
            try
            {
                await flushLoop;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        await app.StopAsync();
        await app.DisposeAsync();
        webhook.Dispose();
        stopping.Dispose();
        flushGate.Dispose();
    }

    private async Task FlushLoopAsync(TimeSpan interval)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(interval, stopping.Token);
            try
            {
                await FlushDueReportsAsync(stopping.Token);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                // The webhook host may not be up yet; the reports stay queued.
            }
        }
    }

    private async Task<bool> PostEventsAsync(JsonArray events, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl)
        {
            Content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("aeg-event-type", "Notification");
        if (options.FunctionsKey is not null)
        {
            request.Headers.Add("x-functions-key", options.FunctionsKey);
        }

        try
        {
            using var response = await webhook.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Event Grid counts a webhook that does not answer in time as a failed delivery and retries it.
            return false;
        }
    }

    private async Task SendAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        if (!IsAuthenticated(request, body))
        {
            Interlocked.Increment(ref unauthorized);
            await WriteErrorAsync(response, 401, "Unauthorized", "Denied by the authentication policy.");
            return;
        }

        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            await WriteErrorAsync(response, 400, "MissingApiVersionParameter", "The api-version query parameter is required.");
            return;
        }

        var fault = DrawFault();
        if (fault is 429)
        {
            Interlocked.Increment(ref throttled);
            response.Headers.RetryAfter = ((int)Math.Ceiling(options.ThrottleRetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await WriteErrorAsync(response, 429, "TooManyRequests", "Rate limit exceeded.");
            return;
        }

        if (fault is 500 or 503)
        {
            Interlocked.Increment(ref serverErrors);
            await WriteErrorAsync(response, fault.Value, "InternalServerError", "Injected server error.");
            return;
        }

        if (!TryParse(body, out var send, out var problem))
        {
            await WriteErrorAsync(response, 400, "BadRequest", problem);
            return;
        }

        var now = options.TimeProvider.GetUtcNow();
        var results = new JsonArray([.. send.Recipients.Select(r => (JsonNode)Accept(send, r, now).DeepClone())]);

        if (fault is 0)
        {
            // "Accepted, but the answer never arrived": the send is recorded, the client sees a dropped connection.
            Interlocked.Increment(ref lostResponses);
            context.Abort();
            return;
        }

        response.StatusCode = StatusCodes.Status202Accepted;
        response.ContentType = "application/json";
        await response.WriteAsync(new JsonObject { ["value"] = results }.ToJsonString(), context.RequestAborted);
    }

    private JsonObject Accept(SendRequest send, Recipient recipient, DateTimeOffset now)
    {
        if (options.RejectedNumbers.Contains(recipient.To) || !IsE164(recipient.To))
        {
            return Result(recipient.To, null, 400, false, "Invalid To phone number format.", null);
        }

        if (RepeatabilityProblem(recipient) is { } problem)
        {
            // ACS answers a repeatability header it cannot honour per recipient: 400, "rejected", nothing sent.
            return Result(recipient.To, null, 400, false, problem, "rejected");
        }

        if (recipient.RepeatabilityRequestId is null)
        {
            return Deliver(send, recipient, now);
        }

        // Same id and first-sent: the original answer, never a second message. Lazy makes concurrent repeats
        // (a retry racing the original) run the delivery once.
        var repeatKey = recipient.RepeatabilityRequestId + "|" + recipient.RepeatabilityFirstSent;
        var created = false;
        var lazy = repeatable.GetOrAdd(repeatKey, _ => new Lazy<JsonObject>(() =>
        {
            created = true;
            return Deliver(send, recipient, now);
        }));
        var result = lazy.Value;
        if (created)
        {
            return result;
        }

        var repeat = (JsonObject)result.DeepClone();
        repeat["repeatabilityResult"] = "accepted";
        return repeat;
    }

    private JsonObject Deliver(SendRequest send, Recipient recipient, DateTimeOffset now)
    {
        var messageId = NewMessageId("Outgoing");
        var sms = new DeliveredSms(messageId, send.From, recipient.To, send.Message, recipient.RepeatabilityRequestId, send.Tag, now);
        delivered.Enqueue(sms);
        if (send.EnableDeliveryReport)
        {
            lock (reportsLock)
            {
                pendingReports.Add(new PendingReport(now + options.DeliveryReportDelay, sms, !options.UndeliverableNumbers.Contains(recipient.To), 0));
            }
        }

        return Result(recipient.To, messageId, 202, true, null, recipient.RepeatabilityRequestId is null ? null : "accepted");
    }

    private static JsonObject Result(string to, string? messageId, int status, bool successful, string? error, string? repeatabilityResult)
    {
        var result = new JsonObject { ["to"] = to, ["httpStatusCode"] = status, ["successful"] = successful };
        if (messageId is not null)
        {
            result["messageId"] = messageId;
        }

        if (error is not null)
        {
            result["errorMessage"] = error;
        }

        if (repeatabilityResult is not null)
        {
            result["repeatabilityResult"] = repeatabilityResult;
        }

        return result;
    }

    private bool IsAuthenticated(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return options.AcceptBearerTokens && authorization["Bearer ".Length..].Trim().Length > 0;
        }

        const string scheme = "HMAC-SHA256 ";
        if (!authorization.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = authorization[scheme.Length..].Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature)
            || !string.Equals(signedHeaders, "x-ms-date;host;x-ms-content-sha256", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var date = request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || (options.TimeProvider.GetUtcNow() - signedAt).Duration() > options.MaxClockSkew)
        {
            return false;
        }

        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return false;
        }

        var stringToSign = $"{request.Method}\n{request.Path}{request.QueryString}\n{date};{request.Host.Value};{contentHash}";
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign));
        Span<byte> presented = stackalloc byte[64];
        return Convert.TryFromBase64String(signature, presented, out var written)
            && CryptographicOperations.FixedTimeEquals(expected, presented[..written]);
    }

    /// <summary>null = no fault; 429/500/503 = answer with that status; 0 = lose the response.</summary>
    private int? DrawFault()
    {
        if (Interlocked.Decrement(ref forcedFailures) >= 0)
        {
            return Volatile.Read(ref forcedStatus);
        }

        Interlocked.Exchange(ref forcedFailures, 0);
        double draw;
        lock (randomLock)
        {
            draw = random.NextDouble();
        }

        var bound = options.ThrottleFraction;
        if (draw < bound)
        {
            return 429;
        }

        bound += options.ServerErrorFraction;
        if (draw < bound)
        {
            return draw < bound - (options.ServerErrorFraction / 2) ? 500 : 503;
        }

        bound += options.LostResponseFraction;
        return draw < bound ? 0 : null;
    }

    private static bool TryParse(byte[] body, out SendRequest send, out string problem)
    {
        send = null!;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var from = root.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (string.IsNullOrEmpty(from) || message is null)
            {
                problem = "from and message are required.";
                return false;
            }

            if (!IsSenderId(from))
            {
                problem = "from must be an E.164 number, a short code or an alphanumeric sender id.";
                return false;
            }

            if (message.Length > AcsEmulatorOptions.MaxMessageLength)
            {
                problem = $"The message is longer than {AcsEmulatorOptions.MaxMessageLength} characters.";
                return false;
            }

            if (!root.TryGetProperty("smsRecipients", out var list) || list.ValueKind != JsonValueKind.Array
                || list.GetArrayLength() is < 1 or > AcsEmulatorOptions.MaxRecipients)
            {
                problem = $"smsRecipients must hold 1 to {AcsEmulatorOptions.MaxRecipients} recipients.";
                return false;
            }

            var recipients = new List<Recipient>();
            foreach (var item in list.EnumerateArray())
            {
                var to = item.TryGetProperty("to", out var t) ? t.GetString() : null;
                if (string.IsNullOrEmpty(to))
                {
                    problem = "Every recipient needs a to number.";
                    return false;
                }

                recipients.Add(new Recipient(
                    to,
                    item.TryGetProperty("repeatabilityRequestId", out var id) ? id.GetString() : null,
                    item.TryGetProperty("repeatabilityFirstSent", out var first) ? first.GetString() : null));
            }

            var enableReport = false;
            string? tag = null;
            if (root.TryGetProperty("smsSendOptions", out var sendOptions) && sendOptions.ValueKind == JsonValueKind.Object)
            {
                // enableDeliveryReport is the one required member of smsSendOptions.
                if (!sendOptions.TryGetProperty("enableDeliveryReport", out var e) || e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problem = "smsSendOptions.enableDeliveryReport is required and must be true or false.";
                    return false;
                }

                enableReport = e.ValueKind == JsonValueKind.True;
                tag = sendOptions.TryGetProperty("tag", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
            }

            send = new SendRequest(from, message, recipients, enableReport, tag);
            problem = string.Empty;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            problem = "The body is not a valid send request.";
            return false;
        }
    }

    /// <summary>
    /// Why ACS would reject the recipient's repeatability pair, or null: the id must be a GUID, and with it a
    /// first-sent time in IMF-fixdate ("Tue, 26 Mar 2019 16:06:51 GMT") must come, since the pair is what makes a
    /// repeat recognisable.
    /// </summary>
    private static string? RepeatabilityProblem(Recipient recipient)
    {
        if (recipient.RepeatabilityRequestId is null)
        {
            return recipient.RepeatabilityFirstSent is null ? null : "repeatabilityFirstSent was sent without a repeatabilityRequestId.";
        }

        if (!Guid.TryParse(recipient.RepeatabilityRequestId, out _))
        {
            return "repeatabilityRequestId is not a GUID.";
        }

        if (recipient.RepeatabilityFirstSent is null)
        {
            return "repeatabilityRequestId was sent without repeatabilityFirstSent.";
        }

        return DateTimeOffset.TryParseExact(recipient.RepeatabilityFirstSent, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null
            : "repeatabilityFirstSent is not an IMF-fixdate (e.g. Tue, 26 Mar 2019 16:06:51 GMT).";
    }

    /// <summary>
    /// A sender ACS could own: an E.164 number, a short code (3 to 8 digits, by country), or an alphanumeric sender id (1 to 11
    /// letters, digits or spaces, at least one letter).
    /// </summary>
    private static bool IsSenderId(string from) =>
        IsE164(from)
        || (from.Length is >= 3 and <= 8 && from.All(char.IsAsciiDigit))
        || (from.Length is >= 1 and <= 11 && from.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ') && from.Any(char.IsAsciiLetter) && from.Trim().Length == from.Length);

    private static bool IsE164(string number) =>
        number.Length is >= 8 and <= 16 && number[0] == '+' && number.Skip(1).All(char.IsAsciiDigit);

    private static async Task WriteErrorAsync(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString());
    }

    private string NewMessageId(string direction) =>
        $"{direction}_{options.TimeProvider.GetUtcNow():yyyyMMddHHmmss}{Interlocked.Increment(ref messageSequence):x8}-{Guid.NewGuid():N}";

    private sealed record SendRequest(string From, string Message, IReadOnlyList<Recipient> Recipients, bool EnableDeliveryReport, string? Tag);

    private sealed record Recipient(string To, string? RepeatabilityRequestId, string? RepeatabilityFirstSent);

    private sealed record PendingReport(DateTimeOffset DueAt, DeliveredSms Sms, bool Delivered, int PostAttempts);
}
