namespace Sahana.Sync;

/// <summary>
/// One import that failed and changed nothing: the library's own record in table <c>sync_import_failure</c>,
/// written after the import's transaction rolled back, so an operator sees more than a log line. The place of
/// the error (<see cref="Table"/>, <see cref="Line"/>, <see cref="Column"/>) is there when the error named it,
/// as <see cref="SyncFormatException"/> does. A cancelled import, or one in the caller's own transaction (which
/// the caller rolls back), leaves no record.
/// </summary>
public class SyncImportFailure
{
    /// <summary>Gets or sets the id: a version-7 (time-ordered) uuid.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets when the import failed, in UTC on the wall clock.</summary>
    public DateTime FailedAt { get; set; }

    /// <summary>Gets or sets the sender's instance id as far as it was known (expected, or named by the file), else <see langword="null"/>.</summary>
    public string? Sender { get; set; }

    /// <summary>Gets or sets what the caller called the file (<see cref="ImportOptions.Source"/>): an upload's file name, a peer's url.</summary>
    public string? Source { get; set; }

    /// <summary>Gets or sets the name of the error's type, such as <c>SyncFormatException</c>.</summary>
    public string Error { get; set; } = string.Empty;

    /// <summary>Gets or sets the error's message: what was wrong, and where.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>Gets or sets the table whose section held the error, or <see langword="null"/> when not known.</summary>
    public string? Table { get; set; }

    /// <summary>Gets or sets the 1-based line of the file where the error is, or <see langword="null"/> when not known.</summary>
    public long? Line { get; set; }

    /// <summary>Gets or sets the column that held the error, or <see langword="null"/> when not known.</summary>
    public string? Column { get; set; }
}
