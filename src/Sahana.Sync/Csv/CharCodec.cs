namespace Sahana.Sync.Csv;

/// <summary>Characters, written as a string of one char.</summary>
internal sealed class CharCodec : ValueCodec<char>
{
    /// <summary>The instance.</summary>
    public static readonly CharCodec Instance = new();

    private CharCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a single character";

    /// <inheritdoc/>
    public override string Format(char value) => value.ToString();

    /// <inheritdoc/>
    public override char ParseValue(string text) => text.Length == 1 ? text[0] : throw Invalid(text);
}
