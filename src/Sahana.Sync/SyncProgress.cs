namespace Sahana.Sync;

/// <summary>How far a long export or import has come.</summary>
/// <param name="Table">The table being written or read.</param>
/// <param name="Rows">The rows of that table done so far.</param>
public sealed record SyncProgress(string Table, long Rows);
