namespace Sahana.Sync.Csv;

/// <summary>
/// Thrown by a <see cref="ValueCodec"/> for text that is not a value of its type. It knows what was expected
/// and found but not where: the importer adds the table, line and column with
/// <see cref="ToSyncFormatException"/>.
/// </summary>
internal sealed class ValueFormatException : FormatException
{
    private const int FoundLimit = 60;

    /// <summary>Initializes a new instance of the <see cref="ValueFormatException"/> class.</summary>
    public ValueFormatException()
    {
        Expected = string.Empty;
        Found = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="ValueFormatException"/> class with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public ValueFormatException(string message)
        : base(message)
    {
        Expected = string.Empty;
        Found = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="ValueFormatException"/> class with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ValueFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Expected = string.Empty;
        Found = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="ValueFormatException"/> class for text that is not what was expected.</summary>
    /// <param name="expected">What a value looks like, such as <c>an integer</c>.</param>
    /// <param name="found">The text found.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public ValueFormatException(string expected, string found, Exception? innerException)
        : base(Describe(expected, found), innerException)
    {
        Expected = expected;
        Found = found;
    }

    /// <summary>Gets what a value looks like, such as <c>an integer</c>.</summary>
    public string Expected { get; }

    /// <summary>Gets the text found.</summary>
    public string Found { get; }

    /// <summary>Turns this exception into the one the importer throws, which says where the value is.</summary>
    /// <param name="table">The table.</param>
    /// <param name="line">The line where the row starts.</param>
    /// <param name="column">The column.</param>
    /// <returns>The exception, with this one as its cause.</returns>
    public SyncFormatException ToSyncFormatException(string? table, long? line, string? column) =>
        new(table, line, column, Message, this);

    private static string Describe(string expected, string found)
    {
        // The text found may be long, or personal data: enough of it to find the row is enough.
        var shown = found.Length > FoundLimit ? string.Concat(found.AsSpan(0, FoundLimit), "…") : found;
        return found.Length == 0 ? $"expected {expected}, found an empty field" : $"expected {expected}, found '{shown}'";
    }
}
