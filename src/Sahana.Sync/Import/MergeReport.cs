using System.Globalization;
using System.Text;
using Sahana.Sync.Import;

namespace Sahana.Sync;

/// <summary>What an import changed, table by table, and what it left alone.</summary>
public sealed class MergeReport
{
    internal MergeReport(
        SyncInstance? sender,
        bool restore,
        IReadOnlyList<TableMergeReport> tables,
        ReportedList<SkippedSection> skipped,
        ReportedList<SyncConflict> conflicts,
        TimeSpan duration)
    {
        Sender = sender;
        Restore = restore;
        Tables = tables;
        Skipped = skipped.Items;
        UnreportedSkipped = skipped.Unreported;
        Conflicts = conflicts.Items;
        UnreportedConflicts = conflicts.Unreported;
        Duration = duration;
    }

    /// <summary>
    /// Gets the sending instance as <c>sync_instance</c> now records it, or <see langword="null"/> when the
    /// file did not name it (and <see cref="ImportOptions.Sender"/> was not set) or for a restore.
    /// </summary>
    public SyncInstance? Sender { get; }

    /// <summary>
    /// Gets a value indicating whether the file was taken no later than the sender's previous file here (its
    /// export timestamp, or for a plain dump its newest stamp, is not after <c>sync_instance.last_update</c>):
    /// the same file again, or an older one. Its rows were merged as usual, but the sender's
    /// <c>sync_instance</c> row was left as it was, so <see cref="Sender"/> is what it already recorded.
    /// </summary>
    public bool Replayed { get; internal init; }

    /// <summary>
    /// Gets a value indicating whether no section of the file named a table this instance syncs: a file from
    /// another application, or for another model. Nothing was merged, and the sender was not recorded as a peer.
    /// </summary>
    public bool MatchedNoSyncedTable { get; internal init; }

    /// <summary>
    /// Gets the fingerprint (<c>SHA256:…</c>) of the key the file was signed with, checked against its bytes and the
    /// sender's known key before anything was written, or <see langword="null"/> for an unsigned file.
    /// </summary>
    public string? SenderFingerprint { get; internal init; }

    /// <summary>Gets a value indicating whether this was a restore of a backup rather than a merge.</summary>
    public bool Restore { get; }

    /// <summary>Gets what the import did to each table it wrote, in the order it wrote them: parents first.</summary>
    public IReadOnlyList<TableMergeReport> Tables { get; }

    /// <summary>
    /// Gets the tables and columns of the file the import did not write, with the reason: the first
    /// <see cref="ImportOptions.MaxReportedConflicts"/> of them; <see cref="UnreportedSkipped"/> counts the rest.
    /// </summary>
    public IReadOnlyList<SkippedSection> Skipped { get; }

    /// <summary>Gets the number of skipped tables and columns beyond those <see cref="Skipped"/> lists.</summary>
    public long UnreportedSkipped { get; }

    /// <summary>
    /// Gets the conflicts, with both versions and the winner: the first
    /// <see cref="ImportOptions.MaxReportedConflicts"/> of them; <see cref="UnreportedConflicts"/> counts the rest.
    /// </summary>
    public IReadOnlyList<SyncConflict> Conflicts { get; }

    /// <summary>Gets the number of conflicts beyond those <see cref="Conflicts"/> details.</summary>
    public long UnreportedConflicts { get; }

    /// <summary>
    /// Gets the number of conflicts, detailed or not: the sum of the tables' <see cref="TableMergeReport.Conflicts"/>.
    /// </summary>
    public long ConflictCount => Conflicts.Count + UnreportedConflicts;

    /// <summary>Gets how long the import took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the number of rows inserted or updated across all tables.</summary>
    public long TotalChanges => Tables.Sum(t => t.Changes);

    /// <summary>Gets a value indicating whether the import changed any row.</summary>
    public bool HasChanges => TotalChanges > 0;

    /// <summary>
    /// The report as an operator reads it: a summary line, a line per table, then conflicts and skipped sections.
    /// </summary>
    /// <returns>The report as text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        var from = Sender is null
            ? "an unnamed sender"
            : $"'{Sender.BaseUuid}'{(Sender.Owner is null ? string.Empty : $" ({Sender.Owner})")}";
        text.AppendLine(
            CultureInfo.InvariantCulture,
            $"{(Restore ? "Restore" : $"Import from {from}")} in {Duration.TotalMilliseconds:F0} ms: "
            + $"{Tables.Sum(t => t.Inserted)} inserted, {Tables.Sum(t => t.Updated)} updated, "
            + $"{Tables.Sum(t => t.Unchanged)} unchanged, "
            + $"{Tables.Sum(t => t.OlderSkipped)} older skipped, {ConflictCount} conflicts, "
            + $"{Tables.Sum(t => t.Tombstones)} tombstones.");
        if (MatchedNoSyncedTable)
        {
            text.AppendLine("  Warning: no table in the file is synced here (is it from another application?): "
                + "nothing was merged, and the sender was not recorded as a peer.");
        }

        if (Replayed)
        {
            text.AppendLine("  The file is no newer than the last one from this sender: its sync_instance row was left "
                + "as it was.");
        }

        if (Tables.Count > 0)
        {
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"  {"table",-28} {"rows",8} {"inserted",9} {"updated",8} {"unchanged",10} {"older",6} "
                + $"{"conflicts",10} {"tombstones",11}");
            foreach (var t in Tables)
            {
                text.AppendLine(
                    CultureInfo.InvariantCulture,
                    $"  {t.Table,-28} {t.Rows,8} {t.Inserted,9} {t.Updated,8} {t.Unchanged,10} {t.OlderSkipped,6} "
                    + $"{t.Conflicts,10} {t.Tombstones,11}");
            }
        }

        AppendList(text, "Conflicts", Conflicts, UnreportedConflicts, "conflicts");
        AppendList(text, "Skipped", Skipped, UnreportedSkipped, "skipped tables and columns");
        return text.ToString();
    }

    private static void AppendList<T>(
        StringBuilder text, string title, IReadOnlyList<T> items, long unreported, string what)
    {
        if (items.Count == 0 && unreported == 0)
        {
            return;
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{title}:");
        foreach (var item in items)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {item}");
        }

        if (unreported > 0)
        {
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"  … and {unreported} more {what}, counted but not listed (ImportOptions.MaxReportedConflicts).");
        }
    }
}
