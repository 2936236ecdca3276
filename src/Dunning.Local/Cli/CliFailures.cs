using System.Net.Http;
using System.Net.Sockets;
using Azure;
using Microsoft.Extensions.Options;

namespace Dunning.Local.Cli;

/// <summary>
/// Turns whatever a verb threw into what a newcomer can act on: one line saying what is wrong and a hint saying what
/// to do. The full exception is shown only under --verbose.
/// </summary>
public static class CliFailures
{
    public const int ExitCode = 2;

    private const string VerboseHint = "run it again with --verbose for the details";
    private const string StorageHint = "is serve running? pass the connection string it printed: --storage \"DefaultEndpointsProtocol=http;AccountName=…\" (or set AzureWebJobsStorage)";

    public static (string Message, string Hint) Describe(Exception exception)
    {
        var e = Unwrap(exception);
        return e switch
        {
            CliException cli => (cli.Message, cli.Hint),
            RequestFailedException { ErrorCode: "TableNotFound" or "ContainerNotFound" or "QueueNotFound" } missing =>
                ($"the storage account has no {missing.ErrorCode![..^"NotFound".Length].ToLowerInvariant()} this needs ({missing.ErrorCode})",
                 "run `serve --storage \"…\"` against it once, or `upload` / `lender init`, which create what they need"),
            RequestFailedException { Status: 401 or 403 } refused =>
                ($"the storage account refused the request ({refused.Status} {refused.ErrorCode})", "check the account name and key in the connection string"),
            RequestFailedException { Status: 0 } or HttpRequestException or SocketException or TimeoutException when WhyUnreachable(e) is var reason =>
                ($"cannot reach storage: {FirstLine(reason)}", StorageHint),
            RequestFailedException other => ($"storage answered {other.Status} {other.ErrorCode}: {FirstLine(other.Message)}", VerboseHint),
            OptionsValidationException options => ($"the configuration is not valid: {options.Failures.FirstOrDefault()}", "see the Configuration table in README.md"),
            FormatException or ArgumentException or InvalidOperationException when e.Message.Contains("connection string", StringComparison.OrdinalIgnoreCase) =>
                ("the storage connection string is not valid", "copy it as serve prints it: DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=…;BlobEndpoint=…"),
            InvalidOperationException when e.Message.Contains("Azurite is not installed", StringComparison.Ordinal) =>
                ("Azurite is not installed", "run `npm ci --no-audit --no-fund` in the repository root first"),
            _ => ($"{FirstLine(e.Message)} ({e.GetType().Name})", VerboseHint),
        };
    }

    /// <summary>Writes the failure (and, with --verbose, the exception) and returns the exit code.</summary>
    public static int Report(Exception exception, TextWriter error, bool verbose)
    {
        var (message, hint) = Describe(exception);
        error.WriteLine($"error: {message}");
        error.WriteLine($"hint: {hint}");
        if (verbose && exception is not CliException)
        {
            error.WriteLine(exception.ToString());
        }

        return ExitCode;
    }

    private static Exception Unwrap(Exception exception)
    {
        var e = exception;
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            // A retried call fails with every attempt's error; the last one says why it finally gave up.
            e = aggregate.InnerExceptions[^1];
        }

        if (e is RequestFailedException { Status: 0, InnerException: { } inner } && Unwrap(inner) is HttpRequestException or SocketException)
        {
            return Unwrap(inner);
        }

        return e;
    }

    /// <summary>The HTTP client's words where there are some ("Connection refused (127.0.0.1:9)": they name the endpoint).</summary>
    private static string WhyUnreachable(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException)
            {
                return current.Message;
            }
        }

        return e.Message;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
