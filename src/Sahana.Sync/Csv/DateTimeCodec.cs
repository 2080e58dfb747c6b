namespace Sahana.Sync.Csv;

/// <summary>
/// Dates and times, written <c>yyyy-MM-dd HH:mm:ss</c> as pydal writes them, followed by a fraction of up
/// to 7 digits without trailing zeros when it is not zero (pydal cuts fractions off; this keeps them). A
/// local time is converted to UTC first. Read with or without a fraction of 1 to 7 digits, with a space
/// or <c>T</c> between date and time, with or without a trailing <c>Z</c>; the result is UTC.
/// </summary>
internal sealed class DateTimeCodec : ValueCodec<DateTime>
{
    /// <summary>The instance.</summary>
    public static readonly DateTimeCodec Instance = new();

    private DateTimeCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a date and time as yyyy-MM-dd HH:mm:ss";

    /// <inheritdoc/>
    public override string Format(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        Span<char> text = stackalloc char[IsoDateTimeText.MaxLength];
        var length = IsoDateTimeText.WriteDate(text, DateOnly.FromDateTime(value));
        text[length++] = ' ';
        length += IsoDateTimeText.WriteTime(text[length..], value.TimeOfDay.Ticks);
        return new string(text[..length]);
    }

    /// <inheritdoc/>
    public override DateTime ParseValue(string text)
    {
        if (!IsoDateTimeText.TryReadDateTime(text, out var value, out var length)
            || !(length == text.Length || (length == text.Length - 1 && text[^1] == 'Z')))
        {
            throw Invalid(text);
        }

        return DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }
}
