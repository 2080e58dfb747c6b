namespace Sahana.Sync;

/// <summary>
/// Thrown when another transaction got in the import's way: another import held the import lock for longer
/// than <see cref="SahanaSyncOptions.ImportLockTimeout"/> (on SQLite, the write lock for the busy timeout),
/// a writer changed a row the import was about to replace or inserted a uuid it was inserting, held rows the
/// import needed for seconds, or the database aborted the import to break a deadlock. Nothing was imported;
/// importing the same file again is safe.
/// </summary>
public class SyncConcurrencyException : SyncException
{
    /// <summary>Initializes a new instance of the <see cref="SyncConcurrencyException"/> class.</summary>
    public SyncConcurrencyException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncConcurrencyException"/> class with a message.</summary>
    /// <param name="message">What changed.</param>
    public SyncConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncConcurrencyException"/> class with a message and its cause.</summary>
    /// <param name="message">What changed.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SyncConcurrencyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
