using System.ComponentModel.DataAnnotations;

namespace Dunning.Sms;

public sealed class SenderPoolOptions
{
    public const string Section = "Sms:SenderPool";

    /// <summary>
    /// Sends per sender id per minute for THIS instance. Set it to the ACS cap for the number type divided by the
    /// most instances the Functions app scales to, so the fleet as a whole stays under the cap.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PermitsPerMinutePerSender { get; set; } = 200;
}
