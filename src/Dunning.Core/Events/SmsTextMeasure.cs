namespace Dunning.Core.Events;

/// <summary>
/// Encoding and segment count of an auto-reply (GSM-7 160/153, UCS-2 70/67). A small local copy until the
/// Messaging segment counter is wired in.
/// </summary>
internal static class SmsTextMeasure
{
    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Gsm7Extension = "^{}\\[~]|€\f";

    public static (Sending.TextEncoding Encoding, int Segments) Measure(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            if (Gsm7Basic.Contains(c))
            {
                septets++;
            }
            else if (Gsm7Extension.Contains(c))
            {
                septets += 2;
            }
            else
            {
                var units = text.Length;
                return (Sending.TextEncoding.Ucs2, units <= 70 ? 1 : (units + 66) / 67);
            }
        }

        return (Sending.TextEncoding.Gsm7, septets <= 160 ? 1 : (septets + 152) / 153);
    }
}
