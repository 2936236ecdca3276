namespace Dunning.Functions.Tests;

/// <summary>
/// One function the app must have: its trigger type as functions.metadata names it, and what the trigger listens to
/// (blob path, queue name, NCRONTAB schedule or HTTP route), plus the HTTP methods for an HTTP trigger.
/// </summary>
public sealed record ExpectedFunction(string Name, string TriggerType, string Target, params string[] Methods)
{
    public const string BlobTrigger = "blobTrigger";
    public const string QueueTrigger = "queueTrigger";
    public const string TimerTrigger = "timerTrigger";
    public const string HttpTrigger = "httpTrigger";

    public static ExpectedFunction Blob(string name, string path) => new(name, BlobTrigger, path);

    public static ExpectedFunction Queue(string name, string queue) => new(name, QueueTrigger, queue);

    public static ExpectedFunction Timer(string name, string schedule) => new(name, TimerTrigger, schedule);

    public static ExpectedFunction Http(string name, string route, params string[] methods) => new(name, HttpTrigger, route, methods);

    /// <summary>A lender route (or the console's files): no function key, so a browser never holds it; the lender key guards the data.</summary>
    public static ExpectedFunction Open(string name, string route, params string[] methods) =>
        new(name, HttpTrigger, route, methods) { AuthLevel = "Anonymous" };

    /// <summary>The HTTP trigger's authLevel in functions.metadata.</summary>
    public string AuthLevel { get; init; } = "Function";

    public override string ToString() => Name;
}
