namespace Sahana.Sync;

/// <summary>What an export wrote.</summary>
/// <param name="Timestamp">
/// When the export was taken, in UTC on this instance's clock: a peer that imports the file stores it as
/// this instance's <see cref="SyncInstance.LastUpdate"/> and asks for changes since then next time.
/// </param>
/// <param name="Tables">The tables written, in file order, with their row counts.</param>
/// <param name="Duration">How long the export took.</param>
public sealed record ExportResult(DateTime Timestamp, IReadOnlyList<ExportedTable> Tables, TimeSpan Duration)
{
    /// <summary>Gets the number of rows written across all tables (the instance section excluded).</summary>
    public long TotalRows => Tables.Sum(t => t.Rows);
}
