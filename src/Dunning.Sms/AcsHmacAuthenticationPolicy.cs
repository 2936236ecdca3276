using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Dunning.Sms;

/// <summary>
/// Signs each request (each retry too, so x-ms-date stays fresh) the way ACS checks an access key:
/// HMAC-SHA256 over <c>VERB\npath?query\ndate;host;contentHash</c> with the base64-decoded key.
/// </summary>
public sealed class AcsHmacAuthenticationPolicy : HttpPipelinePolicy
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    private readonly byte[] key;
    private readonly TimeProvider time;

    public AcsHmacAuthenticationPolicy(string accessKey, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        key = Convert.FromBase64String(accessKey);
        time = timeProvider ?? TimeProvider.System;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sign(message.Request);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sign(message.Request);
        return ProcessNextAsync(message, pipeline);
    }

    private void Sign(Request request)
    {
        var contentHash = Convert.ToBase64String(SHA256.HashData(ReadContent(request.Content)));
        var date = time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var uri = request.Uri.ToUri();
        var host = uri.Authority;
        var stringToSign = $"{request.Method.Method}\n{uri.PathAndQuery}\n{date};{host};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.SetValue(DateHeader, date);
        request.Headers.SetValue(ContentHashHeader, contentHash);
        request.Headers.SetValue("Authorization", $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}");
    }

    private static byte[] ReadContent(RequestContent? content)
    {
        if (content is null)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        return buffer.ToArray();
    }
}
