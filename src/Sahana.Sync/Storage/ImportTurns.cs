namespace Sahana.Sync.Storage;

/// <summary>How imports into one database take turns, so two never meet on the uuid index.</summary>
internal enum ImportTurns
{
    /// <summary>Nothing of the import's own: the provider's locks decide.</summary>
    None,

    /// <summary>
    /// The database has one writer at a time and the import's transaction takes the write lock as it begins
    /// (SQLite's <c>BEGIN IMMEDIATE</c>): a second import waits there, for the connection's busy timeout.
    /// </summary>
    WriteLock,

    /// <summary>
    /// A transaction-level advisory lock on <see cref="ImportLock.Key"/> (PostgreSQL's <c>pg_advisory_xact_lock</c>).
    /// </summary>
    AdvisoryLock,
}
