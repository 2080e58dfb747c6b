namespace Sahana.Sync;

/// <summary>Who wins when both sides changed a row since they last agreed.</summary>
public enum SyncConflictPolicy
{
    /// <summary>The version with the later <c>modified_on</c>; on equal stamps, the deterministic tie rule.</summary>
    NewestWins,

    /// <summary>This instance's version, re-stamped so that it also wins at the sender on the next exchange.</summary>
    LocalWins,

    /// <summary>The file's version, re-stamped when it is the older one so that it wins everywhere.</summary>
    RemoteWins,
}
