namespace Sahana.Sync;

/// <summary>What one export writes. The default is every synced table in full, headed by this instance's row.</summary>
public sealed class ExportOptions
{
    /// <summary>
    /// Gets or sets the start of a delta: only rows with <c>modified_on &gt;= ModifiedSince</c> are written,
    /// tombstones included, and every reference to a synced table also carries the referenced row's uuid
    /// (a <c>…__uuid</c> column) so the file imports without the rows it leaves out. Use the peer's
    /// <see cref="SyncInstance.LastUpdate"/>. <see langword="null"/> (the default) writes everything, and so
    /// does a start at or after this export's own timestamp: a bookmark from before a clock repair
    /// (<see cref="SyncClockRepair"/>).
    /// </summary>
    public DateTime? ModifiedSince { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the file starts with a <c>sync_instance</c> section naming
    /// this instance, which tells the importer where the file came from. Defaults to <see langword="true"/>;
    /// turn it off for a plain web2py site that does not define <c>sync_instance</c>.
    /// </summary>
    public bool IncludeInstanceSection { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether to write every table of the model, synced or not, ids kept:
    /// web2py's complete backup, to restore into an empty database. Cannot be combined with
    /// <see cref="ModifiedSince"/>.
    /// </summary>
    public bool Backup { get; set; }

    /// <summary>
    /// Gets or sets the instance the delta is for (its <c>base_uuid</c>): the delta leaves out every row whose
    /// current version that instance sent here (imported from a file it was verified to send, over HTTP or with
    /// <see cref="ImportOptions.ExpectedSender"/>), as it has that version already. A row edited here since goes,
    /// and so does a row another instance sent. Only for a delta (<see cref="ModifiedSince"/>), on PostgreSQL and
    /// SQLite; <see langword="null"/> (the default) leaves nothing out. <see cref="ExportedTable.EchoesLeftOut"/>
    /// counts what was left out.
    /// </summary>
    public string? Recipient { get; set; }

    /// <summary>Gets or sets where to report progress (table, rows done) during a long export.</summary>
    public IProgress<SyncProgress>? Progress { get; set; }
}
