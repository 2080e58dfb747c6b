namespace Sahana.Sync.Csv;

/// <summary>
/// Doubles, written as Python's <c>repr</c> writes them (the shortest text that reads back as the same
/// number: <c>0.1</c>, <c>1.0</c>, <c>1e+16</c>, <c>-0.0</c>, <c>inf</c>, <c>-inf</c>, <c>nan</c>); read
/// from those and from .NET's forms (<c>1E+16</c>, <c>Infinity</c>, <c>NaN</c>).
/// </summary>
internal sealed class DoubleCodec : ValueCodec<double>
{
    /// <summary>The instance.</summary>
    public static readonly DoubleCodec Instance = new();

    private DoubleCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a number";

    /// <inheritdoc/>
    public override string Format(double value) => PythonFloatText.Format(value);

    /// <inheritdoc/>
    public override double ParseValue(string text) => PythonFloatText.TryParse(text, out double value) ? value : throw Invalid(text);
}
