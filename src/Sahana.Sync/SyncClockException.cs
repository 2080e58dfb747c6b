namespace Sahana.Sync;

/// <summary>
/// Thrown when a file carries a stamp further ahead of this instance's wall clock than
/// <see cref="SahanaSyncOptions.MaxClockSkew"/>: the sender's clock (or this one's) is wrong. Accepting it
/// would let that row win every later edit, and move this instance's clock ahead with it. Nothing was
/// imported, and this instance's clock did not move.
/// </summary>
public class SyncClockException : SyncException
{
    /// <summary>Initializes a new instance of the <see cref="SyncClockException"/> class.</summary>
    public SyncClockException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncClockException"/> class with a message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public SyncClockException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncClockException"/> class with a cause.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SyncClockException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncClockException"/> class for a file's stamp.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="sender">The file's sender (its <c>base_uuid</c>), if it names one.</param>
    /// <param name="table">The table of the first offending stamp.</param>
    /// <param name="line">The line of the first offending stamp.</param>
    /// <param name="uuid">The uuid of the first offending row; <see langword="null"/> for the export timestamp.</param>
    /// <param name="ahead">How far the offending stamp is ahead of this instance's wall clock.</param>
    public SyncClockException(
        string message,
        string? sender,
        string? table,
        long? line,
        string? uuid,
        TimeSpan ahead)
        : base(message)
    {
        Sender = sender;
        Table = table;
        Line = line;
        Uuid = uuid;
        Ahead = ahead;
    }

    /// <summary>Gets the file's sender (its <c>base_uuid</c>), or <see langword="null"/> when it names none.</summary>
    public string? Sender { get; }

    /// <summary>Gets the table of the first offending stamp (<c>sync_instance</c> for the export timestamp).</summary>
    public string? Table { get; }

    /// <summary>Gets the line of the first offending stamp.</summary>
    public long? Line { get; }

    /// <summary>Gets the uuid of the first offending row, or <see langword="null"/> for the export timestamp.</summary>
    public string? Uuid { get; }

    /// <summary>Gets how far the first offending stamp is ahead of this instance's wall clock.</summary>
    public TimeSpan Ahead { get; }
}
