namespace Sahana.Sync.Csv;

/// <summary>
/// Times of day, written <c>HH:mm:ss</c>, followed by a fraction of up to 7 digits without trailing zeros
/// when it is not zero (Python writes 6 digits; both read).
/// </summary>
internal sealed class TimeOnlyCodec : ValueCodec<TimeOnly>
{
    /// <summary>The instance.</summary>
    public static readonly TimeOnlyCodec Instance = new();

    private TimeOnlyCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a time as HH:mm:ss";

    /// <inheritdoc/>
    public override string Format(TimeOnly value)
    {
        Span<char> text = stackalloc char[16];
        return new string(text[..IsoDateTimeText.WriteTime(text, value.Ticks)]);
    }

    /// <inheritdoc/>
    public override TimeOnly ParseValue(string text) =>
        IsoDateTimeText.TryReadTime(text, out var ticks, out var length) && length == text.Length ? new TimeOnly(ticks) : throw Invalid(text);
}
