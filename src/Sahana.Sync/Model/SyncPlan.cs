using System.Globalization;
using System.Text;

namespace Sahana.Sync;

/// <summary>
/// Every table of the host's model with its verdict and the reason, in export order: a referenced table
/// before the tables that reference it. Export, import and the demo all read this one plan.
/// </summary>
public sealed class SyncPlan
{
    internal SyncPlan(IReadOnlyList<SyncTablePlan> tables) => Tables = tables;

    /// <summary>Gets every table of the model, in export order.</summary>
    public IReadOnlyList<SyncTablePlan> Tables { get; }

    /// <summary>Gets the tables that travel, in export order.</summary>
    public IEnumerable<SyncTablePlan> SyncedTables => Tables.Where(t => t.Verdict == SyncTableVerdict.Synced);

    /// <summary>Gets the tables a backup writes and a restore reads: all but the import history, which is this database's own.</summary>
    internal IEnumerable<SyncTablePlan> BackupTables => Tables.Where(t => t.Mapping.EntityType.ClrType != typeof(SyncImportRecord)
        && t.Mapping.EntityType.ClrType != typeof(SyncConflictRecord)
        && t.Mapping.EntityType.ClrType != typeof(SyncImportFailure));

    internal SyncTablePlan? Find(string table) => Tables.FirstOrDefault(t => string.Equals(t.Table, table, StringComparison.Ordinal));

    /// <summary>Whether a foreign key of any table points at <paramref name="table"/>: only then are its rows' keys worth keeping.</summary>
    internal bool IsReferenced(string table) => Tables.Any(t => t.Mapping.Columns.Any(c => c.References == table));

    /// <summary>The plan as an operator reads it: one line per table.</summary>
    /// <returns>The plan as text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var table in Tables)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{table.Table,-32} {Describe(table.Verdict),-10} {table.Reason}");
        }

        return text.ToString();
    }

    private static string Describe(SyncTableVerdict verdict) => verdict switch
    {
        SyncTableVerdict.Synced => "synced",
        SyncTableVerdict.ExcludedByConfiguration => "excluded",
        SyncTableVerdict.SiteSpecific => "site",
        _ => "local",
    };
}
