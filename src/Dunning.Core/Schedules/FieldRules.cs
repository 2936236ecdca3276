using System.Globalization;
using PhoneNumbers;

namespace Dunning.Core.Schedules;

/// <summary>Validation of single CSV values, shared by the schedule and payment uploads.</summary>
public static class FieldRules
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly HashSet<string> IsoCurrencies = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture =>
        {
            try
            {
                return new RegionInfo(culture.Name).ISOCurrencySymbol;
            }
            catch (ArgumentException)
            {
                return null;
            }
        })
        .Where(code => code is { Length: 3 })
        .Select(code => code!)
        .ToHashSet(StringComparer.Ordinal);

    public static string? Identifier(string? value, out string? error)
    {
        error = value switch
        {
            null => "is required",
            { Length: > 64 } => "is longer than 64 characters",
            _ when value.Any(char.IsControl) => "contains control characters",
            _ when LooksLikeFormula(value) => "looks like a spreadsheet formula",
            _ when value.Contains('\uFFFD') => "is not valid UTF-8",
            _ => null,
        };
        return error is null ? value : null;
    }

    public static string? PersonName(string? value, out string? error)
    {
        error = value switch
        {
            null => "is required",
            { Length: > 100 } => "is longer than 100 characters",
            _ when value.Contains('\uFFFD') => "is not valid UTF-8 (save the file as UTF-8)",
            _ when value.Any(char.IsControl) => "contains control characters",
            _ when LooksLikeFormula(value) => "looks like a spreadsheet formula",
            _ => null,
        };
        return error is null ? value : null;
    }

    /// <summary>E.164 for a valid mobile number; numbers without '+' are read in the lender's region.</summary>
    public static string? MobilePhone(string? value, string defaultRegion, out string? error)
    {
        error = null;
        if (value is null)
        {
            error = "is required";
            return null;
        }

        try
        {
            var number = Phones.Parse(value, defaultRegion);
            var type = Phones.GetNumberType(number);
            if (!Phones.IsValidNumber(number))
            {
                error = "is not a valid phone number";
                return null;
            }

            if (type is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
            {
                error = "is not a mobile number";
                return null;
            }

            return Phones.Format(number, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            error = "is not a phone number";
            return null;
        }
    }

    /// <summary>
    /// The canonical IANA id (<c>asia/shanghai</c> is stored as <c>Asia/Shanghai</c>, so every later lookup and
    /// comparison sees one spelling). Windows ids are refused: the README promises IANA ids.
    /// </summary>
    public static string? TimeZone(string? value, out string? error)
    {
        error = null;
        if (value is null)
        {
            error = "is required (an IANA time zone such as Asia/Shanghai)";
            return null;
        }

        if (System.TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone))
        {
            if (zone.HasIanaId)
            {
                return zone.Id;
            }

            error = "is a Windows time zone name, not an IANA id (e.g. Asia/Shanghai)";
            return null;
        }

        error = "is not an IANA time zone (e.g. Asia/Shanghai)";
        return null;
    }

    public static decimal? PositiveAmount(string? value, out string? error)
    {
        error = null;
        if (value is null)
        {
            error = "is required";
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = "is not a decimal number (use '.' and no thousands separator)";
            return null;
        }

        if (amount <= 0)
        {
            error = "must be positive";
            return null;
        }

        if (amount.Scale > 2)
        {
            error = "has more than 2 decimal places";
            return null;
        }

        return amount;
    }

    public static string? Currency(string? value, out string? error)
    {
        var code = value?.ToUpperInvariant();
        error = code is not null && IsoCurrencies.Contains(code) ? null : "is not an ISO 4217 currency code";
        return error is null ? code : null;
    }

    public static DateOnly? IsoDate(string? value, out string? error)
    {
        error = null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        error = "is not an ISO date (yyyy-MM-dd)";
        return null;
    }

    /// <summary>An ISO 8601 instant; a bare date or a time without offset is read in the given zone.</summary>
    public static DateTimeOffset? IsoInstant(string? value, TimeZoneInfo zone, out string? error)
    {
        error = null;
        if (value is not null)
        {
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                var local = date.ToDateTime(new TimeOnly(12, 0));
                return new DateTimeOffset(local, zone.GetUtcOffset(local));
            }

            var hasOffset = value.EndsWith('Z') || value.LastIndexOfAny(['+', '-']) > 10;
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                && value.Length >= 16 && value[4] == '-')
            {
                if (hasOffset)
                {
                    return instant;
                }

                var local = DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Unspecified);
                return new DateTimeOffset(local, zone.GetUtcOffset(local));
            }
        }

        error = "is not an ISO 8601 date or date-time";
        return null;
    }

    public static int? PositiveInteger(string? value, out string? error)
    {
        error = null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        error = "is not a positive whole number";
        return null;
    }

    public static bool? Boolean(string? value, out string? error)
    {
        error = null;
        switch (value?.ToLowerInvariant())
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                error = "is not true or false";
                return null;
        }
    }

    public static string? HttpsLink(string? value, out string? error)
    {
        error = null;
        if (value is null)
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && value.Length <= 200)
        {
            return value;
        }

        error = "is not an https link";
        return null;
    }

    public static bool LooksLikeFormula(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
