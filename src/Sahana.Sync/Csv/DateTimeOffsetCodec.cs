namespace Sahana.Sync.Csv;

/// <summary>
/// Dates and times with an offset, written <c>yyyy-MM-dd HH:mm:ss+HH:mm</c>, with the fraction of
/// <see cref="DateTimeCodec"/> before the offset when it is not zero. Read also with <c>T</c> between date
/// and time, and with <c>Z</c> for <c>+00:00</c>.
/// </summary>
internal sealed class DateTimeOffsetCodec : ValueCodec<DateTimeOffset>
{
    /// <summary>The instance.</summary>
    public static readonly DateTimeOffsetCodec Instance = new();

    private DateTimeOffsetCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a date and time with offset as yyyy-MM-dd HH:mm:ss+HH:mm";

    /// <inheritdoc/>
    public override string Format(DateTimeOffset value)
    {
        Span<char> text = stackalloc char[IsoDateTimeText.MaxLength];
        var local = value.DateTime;
        var length = IsoDateTimeText.WriteDate(text, DateOnly.FromDateTime(local));
        text[length++] = ' ';
        length += IsoDateTimeText.WriteTime(text[length..], local.TimeOfDay.Ticks);
        length += IsoDateTimeText.WriteOffset(text[length..], value.Offset);
        return new string(text[..length]);
    }

    /// <inheritdoc/>
    public override DateTimeOffset ParseValue(string text)
    {
        if (!IsoDateTimeText.TryReadDateTime(text, out var value, out var length)
            || !IsoDateTimeText.TryReadOffset(text.AsSpan(length), out var offset))
        {
            throw Invalid(text);
        }

        try
        {
            return new DateTimeOffset(value, offset);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // 0001-01-01 00:00:00+01:00 is before the first instant .NET can represent.
            throw Invalid(text, e);
        }
    }
}
