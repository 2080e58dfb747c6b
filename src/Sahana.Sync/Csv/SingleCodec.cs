namespace Sahana.Sync.Csv;

/// <summary>Floats, written with their own shortest digits in the layout of <see cref="DoubleCodec"/>.</summary>
internal sealed class SingleCodec : ValueCodec<float>
{
    /// <summary>The instance.</summary>
    public static readonly SingleCodec Instance = new();

    private SingleCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a number";

    /// <inheritdoc/>
    public override string Format(float value) => PythonFloatText.Format(value);

    /// <inheritdoc/>
    public override float ParseValue(string text) => PythonFloatText.TryParse(text, out float value) ? value : throw Invalid(text);
}
