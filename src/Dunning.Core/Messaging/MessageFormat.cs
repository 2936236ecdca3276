using System.Globalization;
using Dunning.Core.Lenders;

namespace Dunning.Core.Messaging;

/// <summary>How money, dates, names and the opt-out line read in each language.</summary>
public static class MessageFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string OptOutLine(string language) =>
        language == Languages.Chinese ? "回复TD退订" : "Reply STOP to opt out";

    /// <summary>zh "¥1,234.50" (other currencies "1,234.50 USD"); en "CNY 1,234.50", "$1,234.50" for dollars.</summary>
    public static string Amount(Money money, string language)
    {
        var number = money.Amount.ToString("#,##0.00", Invariant);
        return (language, money.Currency) switch
        {
            (Languages.Chinese, "CNY") => "¥" + number,
            (Languages.Chinese, _) => $"{number} {money.Currency}",
            (_, "USD") => "$" + number,
            _ => $"{money.Currency} {number}",
        };
    }

    /// <summary>zh "2026年11月30日"; en "30 Nov 2026".</summary>
    public static string Date(DateOnly date, string language) => language == Languages.Chinese
        ? date.ToString("yyyy'年'M'月'd'日'", Invariant)
        : date.ToString("d MMM yyyy", Invariant);

    /// <summary>The name as the greeting uses it: the full name in Chinese, the first given name in English.</summary>
    public static string AddressedName(string fullName, string language)
    {
        var name = fullName.Trim();
        if (language == Languages.Chinese || name.Any(IsCjk))
        {
            return name;
        }

        var first = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return first.Length > 0 ? first[0] : name;
    }

    /// <summary>
    /// A polite greeting without guessing gender (we do not know it): "尊敬的张三客户", "Dear Ann".
    /// </summary>
    public static string Salutation(string fullName, string language) => language == Languages.Chinese
        ? $"尊敬的{AddressedName(fullName, language)}客户"
        : $"Dear {AddressedName(fullName, language)}";

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';
}
