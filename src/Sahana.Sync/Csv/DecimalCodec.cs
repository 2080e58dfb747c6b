using System.Globalization;

namespace Sahana.Sync.Csv;

/// <summary>
/// Decimals, written in the invariant culture without an exponent and without trailing zeros
/// (<c>1.50</c> is written <c>1.5</c>); read also with an exponent, as Python's <c>Decimal</c> may write
/// (<c>1E+2</c>). The trailing zeros of a decimal are the database's, not the value's: PostgreSQL gives
/// <c>12.50</c> back as it was stored, SQLite's provider gives <c>12.5</c> and <c>5.0</c> for <c>5</c>, and
/// one value must have one text in every file. A column with a declared scale is written with
/// <see cref="Format(decimal, int)"/>.
/// </summary>
internal sealed class DecimalCodec : ValueCodec<decimal>
{
    /// <summary>The instance.</summary>
    public static readonly DecimalCodec Instance = new();

    // The format for a minimum scale s: s zeros, then '#' up to the 28 digits a decimal can have after the
    // point, so that no digit is ever rounded away.
    private static readonly string[] Formats =
        [.. Enumerable.Range(0, 29).Select(scale => "0." + new string('0', scale) + new string('#', 28 - scale))];

    private DecimalCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a decimal number";

    /// <inheritdoc/>
    public override string Format(decimal value) => Format(value, 0);

    /// <summary>
    /// Gets the text of a value in a column of declared scale: at least <paramref name="minimumScale"/>
    /// digits after the point (<c>12.5</c> at scale 2 is <c>12.50</c>, as pydal writes a <c>decimal(p,2)</c>
    /// field read from PostgreSQL), and any further digits the value has, never rounded.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="minimumScale">The column's scale; 0 for none, more than 28 is taken as 28.</param>
    /// <returns>The value's text.</returns>
    public static string Format(decimal value, int minimumScale) =>
        value.ToString(Formats[Math.Clamp(minimumScale, 0, 28)], CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override decimal ParseValue(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(text);
}
