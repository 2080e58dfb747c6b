namespace Sahana.Sync.Import;

/// <summary>
/// One uuid of a merged table, as the merge and references point at it: its number in its table's
/// <see cref="UuidIndex"/>. Made when needed (a batch being merged, a reference being followed), so the
/// index itself holds no object per uuid. Two slots are equal when they stand for the same uuid.
/// </summary>
internal sealed record VersionSlot(UuidIndex Index, int Number)
{
    /// <summary>Gets the uuid's text.</summary>
    internal string Uuid => Index.UuidOf(Number);

    /// <summary>Gets or sets the key of the uuid's local row, once its table is merged.</summary>
    internal object? LocalKey
    {
        get => Index.LocalKeyOf(Number);
        set => Index.SetLocalKey(Number, value);
    }
}
