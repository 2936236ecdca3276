using PhoneNumbers;

namespace Dunning.Core.Sending.Throughput;

/// <summary>
/// The per-minute send limit of a sender id for the whole app, by number type: toll-free 200, short code 6,000,
/// alphanumeric 600 per ACS resource, a local (10DLC) number as configured; a per-sender setting overrides any of
/// them. Pure, so a planner (send-hour pacing) can ask the same question the limiter does.
/// </summary>
public static class SenderThroughputLimits
{
    public const int TollFreePerMinute = 200;
    public const int ShortCodePerMinute = 6_000;
    public const int AlphanumericPerMinute = 600;
    public const int DefaultLocalNumberPerMinute = 60;

    /// <summary>The key every alphanumeric sender id of the app shares: ACS counts them per resource, and the app has one.</summary>
    public const string AlphanumericBucketKey = "alphanumeric";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static SenderNumberType NumberTypeOf(string senderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(senderId);
        var id = senderId.Trim();
        if (id.Any(char.IsLetter))
        {
            return SenderNumberType.Alphanumeric;
        }

        var digits = id.StartsWith('+') ? id[1..] : id;
        if (digits.Length is 5 or 6 && digits.All(char.IsAsciiDigit) && !id.StartsWith('+'))
        {
            return SenderNumberType.ShortCode;
        }

        try
        {
            var number = Phones.Parse(id.StartsWith('+') ? id : "+" + id, null);
            return Phones.GetNumberType(number) == PhoneNumberType.TOLL_FREE ? SenderNumberType.TollFree : SenderNumberType.Local;
        }
        catch (NumberParseException)
        {
            return SenderNumberType.Local;
        }
    }

    /// <summary>Sends a minute the sender id may make across every instance of the app.</summary>
    public static int PermitsPerMinute(string senderId, SenderThroughputOptions? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(senderId);
        if (settings is not null && settings.PermitsPerMinute.TryGetValue(SettingKey(senderId), out var configured) && configured > 0)
        {
            return configured;
        }

        return NumberTypeOf(senderId) switch
        {
            SenderNumberType.TollFree => TollFreePerMinute,
            SenderNumberType.ShortCode => ShortCodePerMinute,
            SenderNumberType.Alphanumeric => AlphanumericPerMinute,
            _ => settings?.LocalNumberPermitsPerMinute ?? DefaultLocalNumberPerMinute,
        };
    }

    /// <summary>Which shared limit a sender id draws on: its own, or the resource's for alphanumeric ids.</summary>
    public static string BucketKeyOf(string senderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(senderId);
        return NumberTypeOf(senderId) == SenderNumberType.Alphanumeric ? AlphanumericBucketKey : senderId.Trim();
    }

    /// <summary>The sender id as an app setting key: without its '+'.</summary>
    public static string SettingKey(string senderId) => senderId.Trim().TrimStart('+');
}
