namespace Sahana.Sync.Csv;

/// <summary>A <see cref="ValueCodec"/> with typed methods, which do not box.</summary>
/// <typeparam name="T">The type whose values the codec converts.</typeparam>
internal abstract class ValueCodec<T> : ValueCodec
{
    /// <inheritdoc/>
    public sealed override Type ClrType => typeof(T);

    /// <inheritdoc/>
    public sealed override string Format(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Format((T)value);
    }

    /// <inheritdoc/>
    public sealed override object Parse(string text) => ParseValue(text)!;

    /// <inheritdoc/>
    public sealed override void Check(string text) => _ = ParseValue(text);

    /// <summary>Gets the text of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value's text, as this library writes it.</returns>
    public abstract string Format(T value);

    /// <summary>Reads a value from its text.</summary>
    /// <param name="text">The text of a field that is not <c>&lt;NULL&gt;</c>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ValueFormatException">The text is not a value of <typeparamref name="T"/>.</exception>
    public abstract T ParseValue(string text);
}
