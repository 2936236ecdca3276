using System.ComponentModel.DataAnnotations;

namespace Dunning.Core.Sending.Throughput;

/// <summary>
/// App settings for the app-wide sender limits (<see cref="Section"/>). The limits themselves come from the sender's
/// number type (<see cref="SenderThroughputLimits"/>); these settings fill in what the number cannot say.
/// </summary>
public sealed class SenderThroughputOptions
{
    public const string Section = "Sms:SenderThroughput";

    /// <summary>
    /// Sends per minute for a local (10DLC) number, whose throughput is set by its campaign registration, not by its
    /// type. The default, one a second, is the common long-code rate; set your campaign's figure.
    /// </summary>
    [Range(1, 1_000_000)]
    public int LocalNumberPermitsPerMinute { get; set; } = SenderThroughputLimits.DefaultLocalNumberPerMinute;

    /// <summary>
    /// Per-sender overrides of the limit, keyed by the sender id without its '+' (app setting names allow only
    /// letters, digits, '.' and '_'), e.g. <c>Sms__SenderThroughput__PermitsPerMinute__18005550100=1200</c> for a
    /// toll-free number whose throughput was raised.
    /// </summary>
    public Dictionary<string, int> PermitsPerMinute { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Into how many blocks a minute's limit is cut: an instance takes one block at a time from the shared row, so
    /// more blocks share more fairly across instances and strand less when an instance dies, at one storage request
    /// per block.
    /// </summary>
    [Range(1, 10_000_000)]
    public int BlocksPerMinute { get; set; } = 20;
}
