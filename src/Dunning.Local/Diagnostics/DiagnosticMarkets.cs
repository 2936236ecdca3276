using System.Globalization;
using Dunning.Core.Lenders;
using Dunning.Core.Schedules;

namespace Dunning.Local.Diagnostics;

/// <summary>Where generated borrowers live: zone, language, currency and a mobile number the upload accepts.</summary>
public sealed record DiagnosticMarket(string TimeZone, string Region, string Language, string Currency)
{
    public static readonly DiagnosticMarket Shanghai = new("Asia/Shanghai", "CN", Languages.Chinese, "CNY");
    public static readonly DiagnosticMarket London = new("Europe/London", "GB", Languages.English, "GBP");
    public static readonly DiagnosticMarket NewYork = new("America/New_York", "US", Languages.English, "USD");

    public static readonly IReadOnlyList<DiagnosticMarket> All = [Shanghai, London, NewYork];

    /// <summary>A distinct valid mobile number for <paramref name="index"/> (unique per market for index &lt; 10^7).</summary>
    public string Phone(int index)
    {
        for (var attempt = 0; ; attempt++)
        {
            var serial = (index + (attempt * 7_919_993L)) % 10_000_000;
            var candidate = Region switch
            {
                "CN" => "+86139" + serial.ToString("D8", CultureInfo.InvariantCulture),
                "GB" => "+4475" + serial.ToString("D8", CultureInfo.InvariantCulture),
                _ => "+1646" + (2_000_000 + serial % 8_000_000).ToString("D7", CultureInfo.InvariantCulture),
            };
            if (FieldRules.MobilePhone(candidate, Region, out _) is { } valid)
            {
                return valid;
            }
        }
    }
}
