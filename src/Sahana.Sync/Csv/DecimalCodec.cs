using System.Globalization;

namespace Sahana.Sync.Csv;

/// <summary>
/// Decimals, written in the invariant culture without an exponent and with the value's own scale
/// (<c>1.50</c> stays <c>1.50</c>); read also with an exponent, as Python's <c>Decimal</c> may write
/// (<c>1E+2</c>). Databases differ in the scale they give back, so compare decimals by value.
/// </summary>
internal sealed class DecimalCodec : ValueCodec<decimal>
{
    /// <summary>The instance.</summary>
    public static readonly DecimalCodec Instance = new();

    private DecimalCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a decimal number";

    /// <inheritdoc/>
    public override string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override decimal ParseValue(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(text);
}
