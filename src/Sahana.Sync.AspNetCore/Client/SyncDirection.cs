namespace Sahana.Sync.AspNetCore;

/// <summary>Which way a file went.</summary>
public enum SyncDirection
{
    /// <summary>From the peer to this instance: the peer exported, this instance imported.</summary>
    Pull,

    /// <summary>From this instance to the peer: this instance exported, the peer imported.</summary>
    Push,
}
