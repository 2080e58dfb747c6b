namespace Sahana.Sync;

/// <summary>Which version of a conflicting row survives.</summary>
public enum SyncConflictWinner
{
    /// <summary>The row this instance held.</summary>
    Local,

    /// <summary>The version in the file.</summary>
    Remote,
}
