using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Events;

/// <summary>
/// <c>POST /api/sms/events</c>: Event Grid (or CloudEvents) deliveries of ACS SMS events. Authentication is the
/// host's job (function key in Azure, <see cref="SharedKeyAuthenticator"/> locally). A body the handler cannot
/// read is a 400 with a reason, never a 500; a failing store is left to throw so the host answers 5xx and
/// Event Grid retries, and a delivery report that arrives before its send is recorded gets a 503 for the same
/// reason. Every event's data is read before anything is acted on, so a bad event rejects its batch with nothing
/// half-done. A reply's event id is acted on (idempotently) and then recorded; a recorded id is
/// acknowledged without effect. A delivery report is its own repeat filter: applying it twice changes the ledger row once.
/// </summary>
public sealed class SmsEventsHandler(
    IEventLog eventLog,
    DeliveryReportProcessor deliveryReports,
    InboundSmsProcessor inboundMessages,
    ILogger<SmsEventsHandler> logger) : ISmsEventsHandler
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxJsonDepth = 32;

    /// <summary>Event Grid posts up to 5,000 events at once and waits 30 s; reports are applied this many at a time.</summary>
    public const int MaxParallelReports = 8;

    public const string RequestOriginHeader = "WebHook-Request-Origin";
    public const string AllowedOriginHeader = "WebHook-Allowed-Origin";
    public const string AllowedRateHeader = "WebHook-Allowed-Rate";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxJsonDepth };

    public async Task<HttpReply> HandleAsync(HttpCall call, CancellationToken cancellationToken = default)
    {
        if (string.Equals(call.Method, "OPTIONS", StringComparison.OrdinalIgnoreCase))
        {
            return AbuseProtectionHandshake(call);
        }

        if (!string.Equals(call.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return new HttpReply(405, Problem("Only POST and OPTIONS are supported."), new Dictionary<string, string> { ["Allow"] = "POST, OPTIONS" });
        }

        if (call.ContentLength > MaxBodyBytes)
        {
            return Reject(413, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        byte[]? body;
        try
        {
            body = await ReadBoundedAsync(call.Body, cancellationToken);
        }
        catch (IOException)
        {
            return Reject(400, "The body could not be read.");
        }

        if (body is null)
        {
            return Reject(413, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        var json = StripUtf8Bom(body);
        if (json.IsEmpty)
        {
            return Reject(400, "The body is empty.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            return Reject(400, $"The body is not valid JSON or nests deeper than {MaxJsonDepth} levels (line {e.LineNumber + 1}, byte {e.BytePositionInLine}).");
        }

        using (document)
        {
            return await HandleDocumentAsync(document.RootElement, HeaderLookup.Find(call.Headers, "Content-Type"), cancellationToken);
        }
    }

    private async Task<HttpReply> HandleDocumentAsync(JsonElement root, string? contentType, CancellationToken cancellationToken)
    {
        IReadOnlyList<InboundEvent> events;
        string? error;
        try
        {
            if (!EventEnvelopeParser.TryParse(root, out events, out error))
            {
                return Reject(400, error!);
            }
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString on a string that is not valid UTF-8.
            return Reject(400, "The body holds a string that is not valid UTF-8.");
        }

        if (contentType is not null && contentType.Contains("cloudevents", StringComparison.OrdinalIgnoreCase)
            && events[0].Schema != EventSchema.CloudEvents)
        {
            return Reject(400, "The content type says CloudEvents but the body is in the Event Grid schema.");
        }

        var work = new List<(InboundEvent Event, object Payload)>(events.Count);
        var ignored = 0;
        try
        {
            foreach (var e in events)
            {
                switch (e.Type)
                {
                    case SmsEventTypes.SubscriptionValidation:
                        if (!SmsEventData.TryReadValidationCode(e, out var code, out error))
                        {
                            return Reject(400, $"Event {e.Id}: {error}");
                        }

                        EventsLog.SubscriptionValidated(logger, e.Schema);
                        return HttpReply.Ok(JsonSerializer.Serialize(new { validationResponse = code }));

                    case SmsEventTypes.DeliveryReport:
                        if (!SmsEventData.TryReadDeliveryReport(e, out var report, out error))
                        {
                            return Reject(400, $"Event {e.Id}: {error}");
                        }

                        work.Add((e, report!));
                        break;

                    case SmsEventTypes.Received:
                        if (!SmsEventData.TryReadInboundSms(e, out var sms, out error))
                        {
                            return Reject(400, $"Event {e.Id}: {error}");
                        }

                        work.Add((e, sms!));
                        break;

                    default:
                        ignored++;
                        break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            return Reject(400, "The body holds a string that is not valid UTF-8.");
        }

        // Delivery reports need no record of their event ids: DeliveryReportRule makes a repeat change nothing on
        // the ledger row, and the ETag-checked write orders concurrent ones, so they go in parallel with two storage
        // requests each. A reply acts (queues an answer, opts out) and is filtered by its event id.
        var processed = 0;
        var duplicates = 0;
        var notYetRecorded = 0;
        await Parallel.ForEachAsync(
            work.Select(w => w.Payload).OfType<DeliveryReport>(),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReports, CancellationToken = cancellationToken },
            async (report, ct) =>
            {
                switch (await deliveryReports.ProcessAsync(report, ct))
                {
                    case DeliveryReportOutcome.Unchanged:
                        Interlocked.Increment(ref duplicates);
                        break;
                    case DeliveryReportOutcome.NotYetRecorded:
                        Interlocked.Increment(ref notYetRecorded);
                        break;
                    default:
                        Interlocked.Increment(ref processed);
                        break;
                }
            });

        foreach (var (e, payload) in work)
        {
            if (payload is not InboundSms sms)
            {
                continue;
            }

            if (await eventLog.ContainsAsync(e.Id, cancellationToken))
            {
                EventsLog.DuplicateEvent(logger, e.Id);
                duplicates++;
                continue;
            }

            await inboundMessages.ProcessAsync(sms, cancellationToken);
            await eventLog.TryRecordAsync(e.Id, cancellationToken);
            processed++;
        }

        EventsLog.BatchHandled(logger, events.Count, processed, duplicates, ignored);
        if (notYetRecorded > 0)
        {
            // A report ahead of its send's record (see DeliveryReportProcessor.NotYetRecordedWindow) is not lost:
            // a 503 makes Event Grid deliver the batch again later. Everything else in it is already applied, and a
            // repeat changes nothing (reports by DeliveryReportRule, replies by their recorded event ids).
            return Reject(503, $"{notYetRecorded} delivery report(s) name a message whose send is not recorded yet; retry later.");
        }

        return HttpReply.Ok(JsonSerializer.Serialize(new { received = events.Count, processed, duplicates, ignored }));
    }

    /// <summary>The CloudEvents webhook abuse-protection handshake: echo the origin, accept any rate.</summary>
    private HttpReply AbuseProtectionHandshake(HttpCall call)
    {
        var origin = HeaderLookup.Find(call.Headers, RequestOriginHeader);
        if (string.IsNullOrWhiteSpace(origin))
        {
            return Reject(400, $"OPTIONS needs a {RequestOriginHeader} header.");
        }

        EventsLog.SubscriptionValidated(logger, EventSchema.CloudEvents);
        return new HttpReply(200, null, new Dictionary<string, string>
        {
            [AllowedOriginHeader] = origin.Trim(),
            [AllowedRateHeader] = "*",
            ["Allow"] = "POST, OPTIONS",
        });
    }

    /// <summary>The body, or null once it passes <see cref="MaxBodyBytes"/> (counted, whatever Content-Length said).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static ReadOnlyMemory<byte> StripUtf8Bom(byte[] body) =>
        body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF ? body.AsMemory(3) : body;

    private HttpReply Reject(int status, string reason)
    {
        EventsLog.Rejected(logger, status, reason);
        return HttpReply.Problem(status, reason);
    }

    private static string Problem(string reason) => JsonSerializer.Serialize(new { error = reason });
}
