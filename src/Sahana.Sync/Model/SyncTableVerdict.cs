namespace Sahana.Sync;

/// <summary>Whether a table of the model travels in sync files.</summary>
public enum SyncTableVerdict
{
    /// <summary>The table's entity implements <see cref="ISyncableEntity"/>: its rows travel.</summary>
    Synced,

    /// <summary>Syncable, but the host keeps it local (<c>options.Exclude…</c>).</summary>
    ExcludedByConfiguration,

    /// <summary>Its entity does not implement <see cref="ISyncableEntity"/> (a lookup list, site configuration, keys): it stays local.</summary>
    NotSyncable,

    /// <summary>
    /// Not syncable, and declared site-specific (<c>options.SiteSpecific…</c>): users, site configuration, keys.
    /// It stays local, and references to its rows never travel.
    /// </summary>
    SiteSpecific,
}
