using PhoneNumbers;

namespace Dunning.Core.Events;

/// <summary>
/// Numbers in SMS events as E.164. ACS writes them with a leading + in some samples and without it in others
/// ("15555555555"), so digits without + are first read as an international number (country code included) and only
/// then in the lender's region. Anything libphonenumber cannot read as a valid number (short codes, alphanumeric
/// sender ids, garbage) is kept as written, trimmed, so nothing is dropped.
/// </summary>
public static class InboundNumbers
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>The number a borrower wrote to, as E.164 when it is a valid number; otherwise as written.</summary>
    public static string SenderId(string value)
    {
        var trimmed = value.Trim();
        return International(trimmed) ?? trimmed;
    }

    /// <summary>
    /// Every valid E.164 reading of a borrower's number, most likely first: as written when it has a +, otherwise the
    /// international reading and then the reading in <paramref name="region"/> (when both are valid and differ, the
    /// caller picks the one a lender knows). The trimmed original when there is no valid reading.
    /// </summary>
    public static IReadOnlyList<string> Readings(string value, string? region)
    {
        var trimmed = value.Trim();
        var readings = new List<string>(2);
        if (International(trimmed) is { } international)
        {
            readings.Add(international);
        }

        if (!trimmed.StartsWith('+') && !string.IsNullOrWhiteSpace(region) && InRegion(trimmed, region) is { } local && !readings.Contains(local))
        {
            readings.Add(local);
        }

        return readings.Count > 0 ? readings : [trimmed];
    }

    private static string? International(string value)
    {
        var digits = value.StartsWith('+') ? value : "+" + value.TrimStart('0');
        return TryValid(digits, null);
    }

    private static string? InRegion(string value, string region) => TryValid(value, region.Trim().ToUpperInvariant());

    private static string? TryValid(string value, string? region)
    {
        if (value.Length is 0 or > 32)
        {
            return null;
        }

        try
        {
            var number = Phones.Parse(value, region);
            return Phones.IsValidNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
