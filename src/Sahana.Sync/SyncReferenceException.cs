namespace Sahana.Sync;

/// <summary>
/// Thrown when a reference in a sync file cannot be pointed at a local row: the referenced uuid is neither
/// in the file nor in this database, or a lookup-list id does not exist here. Nothing was imported.
/// </summary>
public class SyncReferenceException : SyncFormatException
{
    /// <summary>Initializes a new instance of the <see cref="SyncReferenceException"/> class.</summary>
    public SyncReferenceException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncReferenceException"/> class with a message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public SyncReferenceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncReferenceException"/> class with a message and its cause.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SyncReferenceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncReferenceException"/> class for a reference at a place in the file.</summary>
    /// <param name="table">The table holding the reference.</param>
    /// <param name="line">The line where the row starts.</param>
    /// <param name="column">The reference column.</param>
    /// <param name="value">The value that could not be resolved, as the file has it.</param>
    /// <param name="problem">What is wrong.</param>
    public SyncReferenceException(string table, long line, string column, string value, string problem)
        : base(table, line, column, problem)
    {
        Value = value;
    }

    /// <summary>Gets the value that could not be resolved, as the file has it.</summary>
    public string? Value { get; }
}
