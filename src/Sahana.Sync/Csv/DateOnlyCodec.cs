namespace Sahana.Sync.Csv;

/// <summary>Dates, written and read <c>yyyy-MM-dd</c>.</summary>
internal sealed class DateOnlyCodec : ValueCodec<DateOnly>
{
    /// <summary>The instance.</summary>
    public static readonly DateOnlyCodec Instance = new();

    private DateOnlyCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a date as yyyy-MM-dd";

    /// <inheritdoc/>
    public override string Format(DateOnly value)
    {
        Span<char> text = stackalloc char[10];
        return new string(text[..IsoDateTimeText.WriteDate(text, value)]);
    }

    /// <inheritdoc/>
    public override DateOnly ParseValue(string text) =>
        text.Length == 10 && IsoDateTimeText.TryReadDate(text, out var value) ? value : throw Invalid(text);
}
