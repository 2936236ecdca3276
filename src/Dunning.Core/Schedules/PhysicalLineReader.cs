using System.Text;

namespace Dunning.Core.Schedules;

/// <summary>One line of the file as stored (without its line break), numbered from 1.</summary>
internal sealed record PhysicalLine(long Number, string Text, bool TooLong);

/// <summary>
/// Reads a file line by line (CRLF, LF or CR) and never holds more than <paramref name="maxLength"/> characters
/// of one line: the rest of a longer line is read and dropped, so a multi-megabyte line costs that line only.
/// </summary>
internal sealed class PhysicalLineReader(TextReader reader, int maxLength)
{
    private readonly char[] buffer = new char[16 * 1024];
    private readonly StringBuilder line = new();
    private int position;
    private int filled;
    private long number;

    public PhysicalLine? Next()
    {
        line.Clear();
        var tooLong = false;
        var sawAnything = false;
        while (true)
        {
            if (position == filled)
            {
                filled = reader.Read(buffer, 0, buffer.Length);
                position = 0;
                if (filled == 0)
                {
                    return sawAnything ? new PhysicalLine(++number, line.ToString(), tooLong) : null;
                }
            }

            sawAnything = true;
            var span = buffer.AsSpan(position, filled - position);
            var end = span.IndexOfAny('\r', '\n');
            var content = end < 0 ? span : span[..end];
            if (!tooLong && line.Length + content.Length > maxLength)
            {
                tooLong = true;
                line.Clear();
            }

            if (!tooLong)
            {
                line.Append(content);
            }

            if (end < 0)
            {
                position = filled;
                continue;
            }

            position += end + 1;
            if (span[end] == '\r' && PeekIsLineFeed())
            {
                position++;
            }

            return new PhysicalLine(++number, line.ToString(), tooLong);
        }
    }

    private bool PeekIsLineFeed()
    {
        if (position == filled)
        {
            filled = reader.Read(buffer, 0, buffer.Length);
            position = 0;
        }

        return position < filled && buffer[position] == '\n';
    }
}
