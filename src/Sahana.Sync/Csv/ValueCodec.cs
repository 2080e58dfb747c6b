namespace Sahana.Sync.Csv;

/// <summary>
/// Turns the values of one CLR type into their text in a web2py CSV file and back, in the invariant
/// culture. Get one from <see cref="ValueCodecs.For"/>. Null never reaches a codec: the reader and the
/// writer handle <c>&lt;NULL&gt;</c>.
/// </summary>
internal abstract class ValueCodec
{
    /// <summary>Gets the type whose values this codec converts (for an enum, the enum type).</summary>
    public abstract Type ClrType { get; }

    /// <summary>Gets what the text of a value looks like, for messages: <c>expected {Expected}, found 'x'</c>.</summary>
    public abstract string Expected { get; }

    /// <summary>Gets the text of a value.</summary>
    /// <param name="value">A value of <see cref="ClrType"/>, not null.</param>
    /// <returns>The value's text, as this library writes it.</returns>
    public abstract string Format(object value);

    /// <summary>Reads a value from its text.</summary>
    /// <param name="text">The text of a field that is not <c>&lt;NULL&gt;</c>.</param>
    /// <returns>The value, boxed.</returns>
    /// <exception cref="ValueFormatException">The text is not a value of <see cref="ClrType"/>.</exception>
    public abstract object Parse(string text);

    /// <summary>Checks that a text reads as a value, without keeping (or boxing) the value.</summary>
    /// <param name="text">The text of a field that is not <c>&lt;NULL&gt;</c>.</param>
    /// <exception cref="ValueFormatException">The text is not a value of <see cref="ClrType"/>.</exception>
    public abstract void Check(string text);

    /// <summary>Creates the exception for text that is not a value of this codec's type.</summary>
    /// <param name="text">The text.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    /// <returns>The exception to throw.</returns>
    protected ValueFormatException Invalid(string text, Exception? innerException = null) => new(Expected, text, innerException);
}
