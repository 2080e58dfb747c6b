namespace Sahana.Sync;

/// <summary>
/// A version that lost a conflict in an import: the conflict log, table <c>sync_conflict</c>, written in the import's
/// transaction. Newest-wins decides, and the losing edit is often the one that mattered ("insulin delivered"), so it is
/// kept here until someone reinstates or dismisses it (<see cref="SyncConflictLog"/>). It never travels in a file.
/// </summary>
/// <remarks>
/// Only conflicts are logged: rows both sides changed since they last agreed (<see cref="MergeReport.Conflicts"/>).
/// A local row the sender had already seen, replaced by its newer version, is not a lost edit.
/// </remarks>
public class SyncConflictRecord
{
    /// <summary>Gets or sets the id: a version-7 (time-ordered) uuid.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets the import that decided the conflict (<see cref="SyncImportRecord.Id"/>).</summary>
    public Guid ImportId { get; set; }

    /// <summary>Gets or sets when the import decided it, in UTC on the wall clock.</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>Gets or sets the table, as the database names it.</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>Gets or sets the row's uuid.</summary>
    public string Uuid { get; set; } = string.Empty;

    /// <summary>Gets or sets which side won; the other side's version is <see cref="LoserValues"/>.</summary>
    public SyncConflictWinner Winner { get; set; }

    /// <summary>Gets or sets the sender of the file, when it named one: the remote side.</summary>
    public string? Sender { get; set; }

    /// <summary>Gets or sets the losing version's <c>modified_on</c>, in UTC.</summary>
    public DateTime LoserModifiedOn { get; set; }

    /// <summary>Gets or sets the winning version's <c>modified_on</c>, in UTC.</summary>
    public DateTime WinnerModifiedOn { get; set; }

    /// <summary>Gets or sets a value indicating whether the losing version was a tombstone.</summary>
    public bool LoserDeleted { get; set; }

    /// <summary>
    /// Gets or sets the losing version, a JSON object of column name to the file format's text (<see langword="null"/>
    /// for NULL; a reference as the referenced row's uuid), so every type round-trips.
    /// </summary>
    public string LoserValues { get; set; } = "{}";

    /// <summary>Gets or sets the winning version as the import saw it, in the same form, to show what differs.</summary>
    public string WinnerValues { get; set; } = "{}";

    /// <summary>Gets or sets where the entry stands.</summary>
    public SyncConflictState State { get; set; }

    /// <summary>Gets or sets who reinstated or dismissed it, as the caller named them.</summary>
    public string? ResolvedBy { get; set; }

    /// <summary>Gets or sets when it was reinstated or dismissed, in UTC.</summary>
    public DateTime? ResolvedAt { get; set; }
}
