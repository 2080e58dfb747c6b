namespace Sahana.Sync;

/// <summary>
/// The base class of every exception Sahana.Sync throws for bad input or bad configuration.
/// Catch it to tell "the file or the setup is wrong" from a failing database or a bug.
/// </summary>
public class SyncException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SyncException"/> class.</summary>
    public SyncException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncException"/> class with a message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public SyncException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncException"/> class with a message and its cause.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SyncException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
