namespace Dunning.Sms;

/// <summary>An ACS connection string, <c>endpoint=https://x.communication.azure.com/;accesskey=base64</c>.</summary>
public sealed record AcsConnectionString(Uri Endpoint, string AccessKey)
{
    public static AcsConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        string? endpoint = null;
        string? accessKey = null;
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                continue;
            }

            var name = part[..separator].Trim();
            var value = part[(separator + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = value;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                accessKey = value;
            }
        }

        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new FormatException("The ACS connection string needs endpoint=https://<resource>.communication.azure.com/.");
        }

        if (accessKey is null)
        {
            throw new FormatException("The ACS connection string needs accesskey=<base64 key>.");
        }

        Span<byte> buffer = stackalloc byte[accessKey.Length];
        if (!Convert.TryFromBase64String(accessKey, buffer, out _))
        {
            throw new FormatException("The ACS access key is not base64.");
        }

        return new AcsConnectionString(uri, accessKey);
    }

    public override string ToString() => $"endpoint={Endpoint};accesskey=***";
}
