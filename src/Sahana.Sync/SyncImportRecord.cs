namespace Sahana.Sync;

/// <summary>
/// One import this database committed: the library's own history in table <c>sync_import</c>, written in
/// the import's transaction (so a rejected or cancelled import leaves no row, like every other table).
/// Operators read it to see what happened yesterday; the exporter reads it so that a delta also carries
/// rows relayed from a third instance (see <see cref="OldestChange"/>). It never travels in a file.
/// </summary>
public class SyncImportRecord
{
    /// <summary>Gets or sets the id: a version-7 (time-ordered) uuid made by the importer.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets when the import started, in UTC on the wall clock.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>Gets or sets when the import finished, in UTC on the wall clock.</summary>
    public DateTime FinishedAt { get; set; }

    /// <summary>
    /// Gets or sets this instance's hybrid logical clock as the import committed: later than every stamp the
    /// import wrote, and on the same clock as <c>modified_on</c> and export timestamps.
    /// </summary>
    public DateTime ReceivedAt { get; set; }

    /// <summary>Gets or sets the sender's instance id (<c>base_uuid</c>), or <see langword="null"/> when the file did not name it.</summary>
    public string? Sender { get; set; }

    /// <summary>
    /// Gets or sets the fingerprint (<c>SHA256:…</c>) of the key the file was signed with, checked before the import, or
    /// <see langword="null"/> for an unsigned file.
    /// </summary>
    public string? SenderFingerprint { get; set; }

    /// <summary>Gets or sets what the caller called the file (<see cref="ImportOptions.Source"/>): an upload's file name, a peer's url.</summary>
    public string? Source { get; set; }

    /// <summary>Gets or sets a value indicating whether this was the restore of a backup.</summary>
    public bool Restore { get; set; }

    /// <summary>Gets or sets the number of rows inserted.</summary>
    public long Inserted { get; set; }

    /// <summary>Gets or sets the number of rows updated (a conflict policy's re-stamp included).</summary>
    public long Updated { get; set; }

    /// <summary>Gets or sets the number of rows the file carried as they already were here.</summary>
    public long Unchanged { get; set; }

    /// <summary>Gets or sets the number of versions older than the local row, skipped.</summary>
    public long OlderSkipped { get; set; }

    /// <summary>Gets or sets the number of conflicts: rows both sides changed since they last synced.</summary>
    public long Conflicts { get; set; }

    /// <summary>Gets or sets the number of rows the import deleted (tombstones written).</summary>
    public long Tombstones { get; set; }

    /// <summary>
    /// Gets or sets the oldest <c>modified_on</c> among the rows the import wrote, or <see langword="null"/> when
    /// it wrote none. An imported row keeps its sender's stamp, which may be older than a peer's
    /// <see cref="SyncInstance.LastUpdate"/>; a delta export reaches back to it so relayed rows travel on.
    /// </summary>
    public DateTime? OldestChange { get; set; }

    /// <summary>Gets or sets the report as an operator reads it (<see cref="MergeReport.ToString"/>), cut at 16,000 characters.</summary>
    public string Summary { get; set; } = string.Empty;
}
