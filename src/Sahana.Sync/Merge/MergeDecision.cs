namespace Sahana.Sync.Merge;

/// <summary>
/// Decides, for one uuid, which version survives: pure, no I/O, the same answer on every instance.
/// </summary>
/// <remarks>
/// <para>
/// Newer is the later <c>modified_on</c>. On equal stamps a tombstone beats a live row (a deletion and an
/// edit in the same microsecond: the deletion is kept), and then the version whose values, compared
/// column by column in the table's column order as file text (references as uuids, NULL lowest), are
/// ordinally greater. Nothing in the rule depends on local ids, on the order the files arrive or on the
/// order of rows in a file, so every instance picks the same winner.
/// </para>
/// <para>
/// A conflict is a uuid whose local row differs from the file's version where both were stamped after the
/// sender's previous export to this instance (<c>sync_instance.last_update</c> before this import): both
/// sides changed it since they last agreed. With no previous import from the sender every differing row
/// is a conflict. Only conflicts go to the conflict policy; everything else is newest-wins.
/// </para>
/// </remarks>
internal sealed class MergeDecision(int[] compared, Func<object?, string?>[] textOf)
{
    /// <summary>Compares two versions: positive when <paramref name="a"/> is the newer, zero when they are the same version.</summary>
    internal int Compare(RowVersion a, RowVersion b)
    {
        var byStamp = a.Stamp.Ticks.CompareTo(b.Stamp.Ticks);
        if (byStamp != 0)
        {
            return byStamp;
        }

        if (a.Deleted != b.Deleted)
        {
            return a.Deleted ? 1 : -1;
        }

        foreach (var i in compared)
        {
            if (ValueEquality.Equal(a.Values[i], b.Values[i]))
            {
                continue;
            }

            var byText = string.CompareOrdinal(textOf[i](a.Values[i]), textOf[i](b.Values[i]));
            if (byText != 0)
            {
                return byText;
            }
        }

        return 0;
    }

    /// <summary>Whether two versions hold the same values and the same tombstone flag, stamps aside.</summary>
    internal bool SameContent(RowVersion a, RowVersion b)
    {
        if (a.Deleted != b.Deleted)
        {
            return false;
        }

        foreach (var i in compared)
        {
            if (!ValueEquality.Equal(a.Values[i], b.Values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <see cref="Decide"/> reads the local row's values, given only its stamp and flag: on a tie of
    /// both, or where the two versions may conflict. Every other row is decided by its stamp alone, so the
    /// import reads the values of those rows only.
    /// </summary>
    internal static bool ReadsLocalValues(DateTime localStamp, bool localDeleted, RowVersion remote, DateTime? agreedUntil)
        => (remote.Stamp.Ticks == localStamp.Ticks && remote.Deleted == localDeleted) || MayConflict(localStamp, remote.Stamp, agreedUntil);

    /// <summary>Decides between the local row, if any, and the newest version in the file.</summary>
    /// <param name="local">The local row, or null.</param>
    /// <param name="remote">The newest version of the uuid in the file.</param>
    /// <param name="agreedUntil">The sender's previous export timestamp here, or null if it never sent before.</param>
    /// <param name="resolve">Picks the winner of a conflict, given whether the remote version is the newer; null for newest-wins.</param>
    internal MergeOutcome Decide(RowVersion? local, RowVersion remote, DateTime? agreedUntil, Func<bool, SyncConflictWinner>? resolve)
    {
        if (local is null)
        {
            return new(MergeAction.Insert, Conflict: false, Restamp: false);
        }

        var order = Compare(remote, local);
        if (order == 0)
        {
            return new(MergeAction.Unchanged, Conflict: false, Restamp: false);
        }

        var remoteNewer = order > 0;
        var conflict = MayConflict(local.Stamp, remote.Stamp, agreedUntil) && !SameContent(remote, local);
        if (!conflict || resolve is null)
        {
            return new(remoteNewer ? MergeAction.Update : MergeAction.KeepLocal, conflict, Restamp: false);
        }

        var remoteWins = resolve(remoteNewer) == SyncConflictWinner.Remote;
        return new(remoteWins ? MergeAction.Update : MergeAction.KeepLocal, Conflict: true, Restamp: remoteWins != remoteNewer);
    }

    /// <summary>Both sides changed the row since they last agreed, or they never agreed on anything.</summary>
    private static bool MayConflict(DateTime localStamp, DateTime remoteStamp, DateTime? agreedUntil)
        => agreedUntil is not { } agreed || (localStamp > agreed && remoteStamp > agreed);
}
