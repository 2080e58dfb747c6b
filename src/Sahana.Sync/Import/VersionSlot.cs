namespace Sahana.Sync.Import;

/// <summary>
/// The uuid index's entry for one uuid of a synced table: where its newest version in the file is, any
/// versions tied with it, and, once its table is merged, the key of its local row.
/// </summary>
internal sealed class VersionSlot(DateTime stamp, bool deleted, long offset)
{
    internal DateTime Stamp { get; private set; } = stamp;

    internal bool Deleted { get; private set; } = deleted;

    internal long Offset { get; private set; } = offset;

    /// <summary>Gets the versions with the same stamp and flag, which only their values can order.</summary>
    internal List<long>? Ties { get; private set; }

    /// <summary>Gets the number of versions of the uuid in the file.</summary>
    internal int Versions { get; private set; } = 1;

    /// <summary>Gets or sets the key of the uuid's local row, once its table is merged.</summary>
    internal object? LocalKey { get; set; }

    internal void Add(DateTime stamp, bool deleted, long offset)
    {
        Versions++;
        var order = stamp != Stamp ? stamp.CompareTo(Stamp) : deleted.CompareTo(Deleted);
        if (order > 0)
        {
            (Stamp, Deleted, Offset, Ties) = (stamp, deleted, offset, null);
        }
        else if (order == 0)
        {
            (Ties ??= []).Add(offset);
        }
    }

    internal bool IsCandidate(long offset) => offset == Offset || (Ties?.Contains(offset) ?? false);
}
