using Dunning.Core.Sending;

namespace Dunning.Core.Messaging;

/// <summary>How long a text is on the air: its encoding, its size in that encoding's units, and the parts it costs.</summary>
public readonly record struct SmsLength(TextEncoding Encoding, int Units, int Segments);

/// <summary>
/// GSM 03.38 arithmetic. A text that fits the GSM-7 default alphabet (and its extension table, whose characters
/// cost an escape plus the character) is sent in septets; anything else goes as UCS-2, where a character outside
/// the BMP (most emoji) takes a surrogate pair. Concatenated parts lose room to the UDH, and a part never splits
/// an escape sequence or a surrogate pair, so parts are packed greedily rather than by plain division.
/// </summary>
public static class SmsSegments
{
    public const int Gsm7SingleLimit = 160;
    public const int Gsm7PartLimit = 153;
    public const int Ucs2SingleLimit = 70;
    public const int Ucs2PartLimit = 67;

    private const string BasicAlphabet =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string ExtensionTable = "\f^{}\\[~]|€";

    private static readonly HashSet<char> Basic = [.. BasicAlphabet];
    private static readonly HashSet<char> Extension = [.. ExtensionTable];

    public static bool IsGsm7(string text) => text.All(c => Basic.Contains(c) || Extension.Contains(c));

    public static SmsLength Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsGsm7(text) ? Pack(Gsm7Atoms(text), TextEncoding.Gsm7) : Pack(Ucs2Atoms(text), TextEncoding.Ucs2);
    }

    private static IEnumerable<int> Gsm7Atoms(string text) => text.Select(c => Extension.Contains(c) ? 2 : 1);

    private static IEnumerable<int> Ucs2Atoms(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            // A surrogate pair is one indivisible 2-unit atom; a lone surrogate still costs its unit.
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return 2;
                i++;
            }
            else
            {
                yield return 1;
            }
        }

    }

    private static SmsLength Pack(IEnumerable<int> atoms, TextEncoding encoding)
    {
        var sizes = atoms.ToList();
        var units = sizes.Sum();
        var (single, part) = encoding == TextEncoding.Gsm7
            ? (Gsm7SingleLimit, Gsm7PartLimit)
            : (Ucs2SingleLimit, Ucs2PartLimit);
        if (units <= single)
        {
            return new SmsLength(encoding, units, 1);
        }

        var segments = 1;
        var used = 0;
        foreach (var size in sizes)
        {
            if (used + size > part)
            {
                segments++;
                used = 0;
            }

            used += size;
        }

        return new SmsLength(encoding, units, segments);
    }
}
