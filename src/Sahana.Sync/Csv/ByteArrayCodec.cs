namespace Sahana.Sync.Csv;

/// <summary>Binary values, written and read in Base64 with padding, as pydal writes blobs.</summary>
internal sealed class ByteArrayCodec : ValueCodec<byte[]>
{
    /// <summary>The instance.</summary>
    public static readonly ByteArrayCodec Instance = new();

    private ByteArrayCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "Base64 text";

    /// <inheritdoc/>
    public override string Format(byte[] value) => Convert.ToBase64String(value);

    /// <inheritdoc/>
    public override byte[] ParseValue(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw Invalid(text, e);
        }
    }
}
