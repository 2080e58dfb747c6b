namespace Sahana.Sync;

/// <summary>Where a losing version in the conflict log stands (<see cref="SyncConflictRecord.State"/>).</summary>
public enum SyncConflictState
{
    /// <summary>Nobody has looked at it yet: the losing values are kept until someone does.</summary>
    Open = 0,

    /// <summary>The losing values were made a new local edit (<see cref="SyncConflictLog.ReinstateAsync"/>).</summary>
    Reinstated = 1,

    /// <summary>Someone agreed with the winner (<see cref="SyncConflictLog.DismissAsync"/>).</summary>
    Dismissed = 2,
}
