namespace Sahana.Sync;

/// <summary>
/// Thrown when the host's EF model or Sahana.Sync's configuration breaks the sync contract, for
/// example a synced entity without a single-column key. The message names the entity and the fix.
/// </summary>
public class SyncConfigurationException : SyncException
{
    /// <summary>Initializes a new instance of the <see cref="SyncConfigurationException"/> class.</summary>
    public SyncConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncConfigurationException"/> class with a message.</summary>
    /// <param name="message">What is wrong, where, and how to fix it.</param>
    public SyncConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncConfigurationException"/> class with a message and its cause.</summary>
    /// <param name="message">What is wrong, where, and how to fix it.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SyncConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
