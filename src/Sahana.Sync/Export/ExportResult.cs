namespace Sahana.Sync;

/// <summary>What an export wrote.</summary>
/// <param name="Timestamp">
/// When the export was taken, in UTC on this instance's clock, and the file's <c>last_update</c>: a peer that
/// imports the file stores it as this instance's <see cref="SyncInstance.LastUpdate"/> and asks for changes since
/// then next time. While a save or an import of this process has stamped rows it has not committed yet, the
/// snapshot cannot see them: the timestamp is then the oldest such stamp, so the next delta carries them.
/// </param>
/// <param name="Tables">The tables written, in file order, with their row counts.</param>
/// <param name="Duration">How long the export took.</param>
public sealed record ExportResult(DateTime Timestamp, IReadOnlyList<ExportedTable> Tables, TimeSpan Duration)
{
    /// <summary>Gets the number of rows written across all tables (the instance section excluded).</summary>
    public long TotalRows => Tables.Sum(t => t.Rows);

    /// <summary>The export as an operator reads it: when, how long, and the rows of each table.</summary>
    /// <returns>
    /// For example <c>Export at 2026-11-26T09:00:00.0000000Z in 12 ms: 104 rows in 4 tables (org_organisation 6,
    /// pr_person 40, …).</c>
    /// </returns>
    public override string ToString()
        => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Export at {Timestamp:O} in {Duration.TotalMilliseconds:F0} ms: {TotalRows} rows in {Tables.Count} "
            + $"{(Tables.Count == 1 ? "table" : "tables")} "
            + $"({string.Join(", ", Tables.Select(t => $"{t.Table} {t.Rows}"))}).");
}
