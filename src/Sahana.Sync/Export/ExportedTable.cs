namespace Sahana.Sync;

/// <summary>One table of an export.</summary>
/// <param name="Table">The table's name as the database knows it.</param>
/// <param name="Rows">The rows written.</param>
public sealed record ExportedTable(string Table, long Rows);
