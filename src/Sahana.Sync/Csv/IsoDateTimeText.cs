namespace Sahana.Sync.Csv;

/// <summary>
/// Writes and reads the ISO 8601 pieces of dates and times in web2py files. Done by hand rather than with
/// format strings: a file has a few timestamps in every row, and exact parsing with several formats costs
/// more than the rest of the row.
/// </summary>
internal static class IsoDateTimeText
{
    /// <summary>The longest text written: <c>yyyy-MM-dd HH:mm:ss.fffffff+HH:mm</c>.</summary>
    public const int MaxLength = 33;

    /// <summary>Writes <c>yyyy-MM-dd</c>.</summary>
    /// <param name="destination">Where to write; at least 10 chars.</param>
    /// <param name="date">The date.</param>
    /// <returns>The number of chars written: 10.</returns>
    public static int WriteDate(Span<char> destination, DateOnly date)
    {
        WriteDigits(destination, date.Year, 4);
        destination[4] = '-';
        WriteDigits(destination[5..], date.Month, 2);
        destination[7] = '-';
        WriteDigits(destination[8..], date.Day, 2);
        return 10;
    }

    /// <summary>Writes <c>HH:mm:ss</c>, followed by a fraction of up to 7 digits without trailing zeros when it is not zero.</summary>
    /// <param name="destination">Where to write; at least 16 chars.</param>
    /// <param name="ticksOfDay">The time of day, in ticks.</param>
    /// <returns>The number of chars written.</returns>
    public static int WriteTime(Span<char> destination, long ticksOfDay)
    {
        var seconds = (int)(ticksOfDay / TimeSpan.TicksPerSecond);
        var fraction = (int)(ticksOfDay % TimeSpan.TicksPerSecond);
        WriteDigits(destination, seconds / 3600, 2);
        destination[2] = ':';
        WriteDigits(destination[3..], seconds / 60 % 60, 2);
        destination[5] = ':';
        WriteDigits(destination[6..], seconds % 60, 2);
        if (fraction == 0)
        {
            return 8;
        }

        destination[8] = '.';
        var digits = 7;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        WriteDigits(destination[9..], fraction, digits);
        return 9 + digits;
    }

    /// <summary>Writes an offset from UTC as <c>+HH:mm</c> or <c>-HH:mm</c>.</summary>
    /// <param name="destination">Where to write; at least 6 chars.</param>
    /// <param name="offset">The offset, in whole minutes.</param>
    /// <returns>The number of chars written: 6.</returns>
    public static int WriteOffset(Span<char> destination, TimeSpan offset)
    {
        var minutes = (int)offset.TotalMinutes;
        destination[0] = minutes < 0 ? '-' : '+';
        minutes = Math.Abs(minutes);
        WriteDigits(destination[1..], minutes / 60, 2);
        destination[3] = ':';
        WriteDigits(destination[4..], minutes % 60, 2);
        return 6;
    }

    /// <summary>Reads <c>yyyy-MM-dd</c> at the start of <paramref name="text"/>.</summary>
    /// <param name="text">The text; what follows the date is left alone.</param>
    /// <param name="date">The date read.</param>
    /// <returns>Whether the text starts with a valid date.</returns>
    public static bool TryReadDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-'
            || !TryReadDigits(text, 4, out var year) || !TryReadDigits(text[5..], 2, out var month) || !TryReadDigits(text[8..], 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Reads <c>HH:mm:ss</c> and an optional fraction of 1 to 7 digits at the start of <paramref name="text"/>.</summary>
    /// <param name="text">The text; what follows the time is left alone.</param>
    /// <param name="ticksOfDay">The time of day read, in ticks.</param>
    /// <param name="length">The number of chars read.</param>
    /// <returns>Whether the text starts with a valid time.</returns>
    public static bool TryReadTime(ReadOnlySpan<char> text, out long ticksOfDay, out int length)
    {
        ticksOfDay = 0;
        length = 0;
        if (text.Length < 8 || text[2] != ':' || text[5] != ':'
            || !TryReadDigits(text, 2, out var hour) || !TryReadDigits(text[3..], 2, out var minute) || !TryReadDigits(text[6..], 2, out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long fraction = 0;
        length = 8;
        if (text.Length > 8 && text[8] == '.')
        {
            var digits = 0;
            while (9 + digits < text.Length && char.IsAsciiDigit(text[9 + digits]))
            {
                if (++digits > 7)
                {
                    return false;
                }

                fraction = (fraction * 10) + (text[8 + digits] - '0');
            }

            if (digits == 0)
            {
                return false;
            }

            for (var i = digits; i < 7; i++)
            {
                fraction *= 10;
            }

            length = 9 + digits;
        }

        ticksOfDay = (((hour * 60L) + minute) * 60 + second) * TimeSpan.TicksPerSecond + fraction;
        return true;
    }

    /// <summary>Reads a date, a space or <c>T</c>, and a time at the start of <paramref name="text"/>.</summary>
    /// <param name="text">The text; what follows the time is left alone.</param>
    /// <param name="value">The date and time read, of <see cref="DateTimeKind.Unspecified"/> kind.</param>
    /// <param name="length">The number of chars read.</param>
    /// <returns>Whether the text starts with a valid date and time.</returns>
    public static bool TryReadDateTime(ReadOnlySpan<char> text, out DateTime value, out int length)
    {
        value = default;
        length = 0;
        if (!TryReadDate(text, out var date) || text.Length < 11 || text[10] is not (' ' or 'T')
            || !TryReadTime(text[11..], out var ticksOfDay, out var timeLength))
        {
            return false;
        }

        value = new DateTime(date.DayNumber * TimeSpan.TicksPerDay + ticksOfDay);
        length = 11 + timeLength;
        return true;
    }

    /// <summary>Reads an offset from UTC, <c>Z</c>, <c>+HH:mm</c> or <c>-HH:mm</c>, which must be all of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="offset">The offset read.</param>
    /// <returns>Whether the text is a valid offset.</returns>
    public static bool TryReadOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = default;
        if (text is "Z")
        {
            return true;
        }

        if (text.Length != 6 || text[0] is not ('+' or '-') || text[3] != ':'
            || !TryReadDigits(text[1..], 2, out var hours) || !TryReadDigits(text[4..], 2, out var minutes)
            || minutes > 59 || hours * 60 + minutes > 14 * 60)
        {
            return false;
        }

        offset = TimeSpan.FromMinutes(text[0] == '-' ? -(hours * 60 + minutes) : hours * 60 + minutes);
        return true;
    }

    private static void WriteDigits(Span<char> destination, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool TryReadDigits(ReadOnlySpan<char> text, int count, out int value)
    {
        value = 0;
        for (var i = 0; i < count; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
