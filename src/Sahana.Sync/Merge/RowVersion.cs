namespace Sahana.Sync.Merge;

/// <summary>
/// One version of a row as the merge compares it: its stamp, whether it is a tombstone, and its values in
/// the table's column order, references to synced tables given as the referenced row's uuid so that
/// versions from different instances compare alike.
/// </summary>
/// <param name="Stamp">The version's <c>modified_on</c>, in UTC, whole microseconds.</param>
/// <param name="Deleted">Whether the version is a tombstone.</param>
/// <param name="Values">The provider values, one per column of the table; unused slots are null.</param>
/// <param name="Line">The file line the version starts at, or 0 for a local row.</param>
internal sealed record RowVersion(DateTime Stamp, bool Deleted, object?[] Values, long Line)
{
    /// <summary>Gets or sets the local key, for a local row; the sender's key, if any, for a version from the file.</summary>
    internal object? Key { get; set; }
}
