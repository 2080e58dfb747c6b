namespace Sahana.Sync.Csv;

/// <summary>Strings, written as they are.</summary>
internal sealed class StringCodec : ValueCodec<string>
{
    /// <summary>The instance.</summary>
    public static readonly StringCodec Instance = new();

    private StringCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "text";

    /// <inheritdoc/>
    public override string Format(string value) => value;

    /// <inheritdoc/>
    public override string ParseValue(string text) => text;
}
