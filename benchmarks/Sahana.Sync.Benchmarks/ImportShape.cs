namespace Sahana.Sync.Benchmarks;

/// <summary>
/// What a file looks like, as users send it (issue 18). Every shape has a first file of N new rows and a
/// second of N rows, half of them versions of first-file rows (half of those newer, half older), the rest new.
/// </summary>
public enum ImportShape
{
    /// <summary>
    /// pr_person alone, no references, the sender named by <c>ImportOptions.Sender</c>: <see cref="Data.PersonFiles"/>.
    /// </summary>
    Plain,

    /// <summary>
    /// 10k org_organisation rows (fewer when N is smaller), then N vol_volunteer rows each referencing one by its
    /// sender-side id, headed by a <c>sync_instance</c> section as Sahana.Sync's exports are.
    /// </summary>
    References,

    /// <summary>
    /// The files of <see cref="References"/> without the <c>sync_instance</c> section and no sender named: a plain
    /// pydal dump. Every overlapping row that differs is a conflict, since no sender says when the sites last met.
    /// </summary>
    Pydal,

    /// <summary>
    /// pr_person headed by a <c>sync_instance</c> section; before the second file, the first half of the rows is
    /// edited locally after the sender's export, and the second file's versions of them are stamped after it too:
    /// half the second file's rows are conflicts, of which half are won by the file (newer) and half by the local edit.
    /// </summary>
    Conflicts,
}
