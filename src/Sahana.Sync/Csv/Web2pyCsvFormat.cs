namespace Sahana.Sync.Csv;

/// <summary>
/// The fixed pieces of the web2py DAL CSV format that the reader and the writer share.
/// </summary>
internal static class Web2pyCsvFormat
{
    /// <summary>The text of a null value, written unquoted.</summary>
    public const string NullText = "<NULL>";

    /// <summary>Gets the UTF-8 bytes of <see cref="NullText"/>.</summary>
    public static ReadOnlySpan<byte> NullUtf8 => "<NULL>"u8;

    /// <summary>Gets the start of the line that opens a table's section: <c>TABLE</c>, a space, then the table's name.</summary>
    public static ReadOnlySpan<byte> TableLinePrefixUtf8 => "TABLE "u8;

    /// <summary>Gets the line that ends the file, without a line break after it.</summary>
    public static ReadOnlySpan<byte> EndUtf8 => "END"u8;

    /// <summary>Gets the line break pydal writes after every line but <c>END</c>.</summary>
    public static ReadOnlySpan<byte> NewLineUtf8 => "\r\n"u8;

    /// <summary>
    /// Whether <paramref name="name"/> can be a table's name: not empty, and without whitespace, control
    /// characters, commas or quotes, which would make the <c>TABLE</c> line ambiguous.
    /// </summary>
    /// <param name="name">The name to check.</param>
    /// <returns><see langword="true"/> when the name can be written and read back as it is.</returns>
    public static bool IsValidTableName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or '"')
            {
                return false;
            }
        }

        return true;
    }
}
