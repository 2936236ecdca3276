using System.Text.Json;

namespace Dunning.Core.Reports;

/// <summary>A lender route's JSON body read into a request record, or the 400 saying what is wrong with it.</summary>
internal static class RequestBody
{
    /// <summary>Console bodies are a few fields and at most one SMS or template: 64 KiB is far more than enough.</summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<(T? Value, HttpReply? Problem)> ReadAsync<T>(Stream? body, CancellationToken cancellationToken)
        where T : class
    {
        if (body is null)
        {
            return (null, null);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, HttpReply.Problem(413, "The body is larger than 64 KiB."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, null);
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(buffer.ToArray(), LenderApiHandler.Json), null);
        }
        catch (JsonException)
        {
            return (null, HttpReply.Problem(400, "The body is not the JSON this route expects."));
        }
    }
}
