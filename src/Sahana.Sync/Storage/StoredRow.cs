namespace Sahana.Sync.Storage;

/// <summary>
/// The version of a row this database holds, as <see cref="TableStore"/> reads it for the merge: what every
/// row is decided by (key, uuid, stamp, tombstone flag), and its values where the decision reads them.
/// </summary>
/// <param name="Key">The row's key.</param>
/// <param name="Uuid">The row's uuid.</param>
/// <param name="Stamp">The row's <c>modified_on</c>, as UTC.</param>
/// <param name="Deleted">Whether the row is a tombstone.</param>
/// <param name="Values">
/// One value per column of the table, each reference into a table with uuids given as the referenced row's uuid
/// (null where it points at no row); or null where only the stamps were read.
/// </param>
internal readonly record struct StoredRow(object Key, string Uuid, DateTime Stamp, bool Deleted, object?[]? Values);
