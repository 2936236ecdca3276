using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Dunning.Sms;

/// <summary>
/// A client for the Azure Communication Services SMS REST API (POST /sms), on Azure.Core's HTTP pipeline.
/// Authenticates with an access key (HMAC, from a connection string) or Entra ID (a <see cref="TokenCredential"/>).
/// Unlike the SDK's client it takes the repeatability id from the caller, so one job always maps to one id.
/// </summary>
public class SmsClient
{
    public const string EntraScope = "https://communication.azure.com//.default";

    private readonly HttpPipeline pipeline;
    private readonly Uri endpoint;
    private readonly string apiVersion;

    public SmsClient(string connectionString, SmsClientOptions? options = null)
        : this(AcsConnectionString.Parse(connectionString), options ?? new SmsClientOptions())
    {
    }

    public SmsClient(Uri endpoint, TokenCredential credential, SmsClientOptions? options = null)
        : this(
            endpoint,
            options ?? new SmsClientOptions(),
            BearerPolicy(endpoint, credential ?? throw new ArgumentNullException(nameof(credential))))
    {
    }

    /// <summary>For mocking.</summary>
    protected SmsClient()
    {
        pipeline = null!;
        endpoint = null!;
        apiVersion = null!;
    }

    private SmsClient(AcsConnectionString connection, SmsClientOptions options)
        : this(connection.Endpoint, options, new AcsHmacAuthenticationPolicy(connection.AccessKey, options.TimeProvider))
    {
    }

    private SmsClient(Uri endpoint, SmsClientOptions options, HttpPipelinePolicy authentication)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
        {
            // Plain http only for an emulator on this machine: a key or token must never cross a network in clear.
            throw new ArgumentException("The ACS endpoint must be https (http is allowed only on loopback).", nameof(endpoint));
        }

        this.endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/sms");
        apiVersion = options.ApiVersion;
        pipeline = HttpPipelineBuilder.Build(options, [], [authentication], new AcsResponseClassifier());
    }

    private static HttpPipelinePolicy BearerPolicy(Uri endpoint, TokenCredential credential) =>
        endpoint is not null && endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback
            ? new LoopbackBearerTokenPolicy(credential, EntraScope)
            : new BearerTokenAuthenticationPolicy(credential, EntraScope);

    /// <summary>Sends one message to one recipient.</summary>
    public virtual async Task<Response<SmsSendResultItem>> SendAsync(
        string from, SmsRecipient to, string message, SmsSendOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(from, [to], message, options, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Value[0], response.GetRawResponse());
    }

    /// <summary>
    /// Sends one message to 1–100 recipients. A non-success status (429 included, after the pipeline's retries of
    /// 5xx and timeouts) throws <see cref="RequestFailedException"/>; its raw response carries Retry-After.
    /// </summary>
    public virtual async Task<Response<IReadOnlyList<SmsSendResultItem>>> SendAsync(
        string from, IEnumerable<SmsRecipient> to, string message, SmsSendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        if (Core.Lenders.LenderSettingsValidator.SenderIdProblem(from) is { } senderProblem)
        {
            // ACS answers a malformed from with 400 for the whole request; refusing it here costs no call.
            throw new ArgumentException($"from '{from}' {senderProblem}.", nameof(from));
        }

        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(message);
        var recipients = to.ToList();
        if (recipients.Count is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(to), recipients.Count, "ACS takes 1 to 100 recipients per request.");
        }

        using var httpMessage = CreateSendMessage(from, recipients, message, options);
        await pipeline.SendAsync(httpMessage, cancellationToken).ConfigureAwait(false);
        var response = httpMessage.Response;
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        var body = response.ContentStream is null
            ? null
            : await JsonSerializer.DeserializeAsync(response.ContentStream, SmsJsonContext.Default.SmsSendResponseBody, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SmsSendResultItem> items = [.. (body?.Value ?? [])
            .Select(i => new SmsSendResultItem(i.To ?? string.Empty, i.MessageId, i.HttpStatusCode, i.Successful, i.ErrorMessage, i.RepeatabilityResult))];
        return Response.FromValue(items, response);
    }

    private HttpMessage CreateSendMessage(string from, IReadOnlyList<SmsRecipient> recipients, string message, SmsSendOptions? options)
    {
        var httpMessage = pipeline.CreateMessage();
        var request = httpMessage.Request;
        request.Method = RequestMethod.Post;
        var uri = new RequestUriBuilder();
        uri.Reset(endpoint);
        uri.AppendQuery("api-version", apiVersion);
        request.Uri = uri;
        request.Headers.SetValue("Content-Type", "application/json");
        request.Headers.SetValue("Accept", "application/json");

        var body = new SendMessageRequestBody(
            from,
            [.. recipients.Select(r => new SmsRecipientBody(
                r.To,
                r.RepeatabilityRequestId.ToString("D"),
                r.RepeatabilityFirstSent.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture)))],
            message,
            options is null ? null : new SmsSendOptionsBody(options.EnableDeliveryReport, options.Tag));

        // Serialized once: every pipeline retry resends these exact bytes, so the repeatability id and body match.
        request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, SmsJsonContext.Default.SendMessageRequestBody));
        return httpMessage;
    }
}
