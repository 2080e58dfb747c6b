namespace Sahana.Sync;

/// <summary>What an import did to one table.</summary>
public sealed class TableMergeReport
{
    internal TableMergeReport(string table) => Table = table;

    /// <summary>Gets the table.</summary>
    public string Table { get; }

    /// <summary>Gets the number of rows the file holds for the table, every version counted.</summary>
    public long Rows { get; internal set; }

    /// <summary>Gets the number of uuids new to this instance.</summary>
    public long Inserted { get; internal set; }

    /// <summary>
    /// Gets the number of local rows replaced by a newer version, or re-stamped by a conflict policy.
    /// </summary>
    public long Updated { get; internal set; }

    /// <summary>Gets the number of uuids whose local row already was the newest version.</summary>
    public long Unchanged { get; internal set; }

    /// <summary>
    /// Gets the number of versions in the file older than the local row or than another version in the file.
    /// </summary>
    public long OlderSkipped { get; internal set; }

    /// <summary>Gets the number of conflicts: uuids both sides changed since they last agreed.</summary>
    public long Conflicts { get; internal set; }

    /// <summary>
    /// Gets the number of rows this import deleted: tombstones that arrived for rows that were live or new here.
    /// </summary>
    public long Tombstones { get; internal set; }

    /// <summary>Gets the number of rows inserted or updated.</summary>
    public long Changes => Inserted + Updated;

    /// <inheritdoc/>
    public override string ToString()
        => FormattableString.Invariant(
            $"{Table}: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {OlderSkipped} older skipped, ")
            + FormattableString.Invariant($"{Conflicts} conflicts, {Tombstones} tombstones");
}
