using Sahana.Sync.Csv;

namespace Sahana.Sync;

/// <summary>How one import merges. The default merges newest-wins and names the sender from the file.</summary>
public sealed class ImportOptions
{
    /// <summary>The default of <see cref="MaxReportedConflicts"/>.</summary>
    public const int DefaultMaxReportedConflicts = 1000;

    /// <summary>
    /// Gets or sets who wins a conflict: a uuid both sides changed since they last agreed. Defaults to
    /// <see cref="SyncConflictPolicy.NewestWins"/>, the only policy under which every instance ends up the
    /// same whatever the order of the exchanges. Ignored when <see cref="ResolveConflict"/> is set.
    /// </summary>
    public SyncConflictPolicy ConflictPolicy { get; set; } = SyncConflictPolicy.NewestWins;

    /// <summary>
    /// Gets or sets a delegate that decides each conflict, instead of <see cref="ConflictPolicy"/>. It sees
    /// both versions as file text and must not touch the database: the import's transaction is open.
    /// </summary>
    public Func<SyncConflict, SyncConflictWinner>? ResolveConflict { get; set; }

    /// <summary>
    /// Gets or sets the sending instance's id (its <c>base_uuid</c>) for a file without a
    /// <c>sync_instance</c> section, such as a plain web2py dump, so the import is recorded in
    /// <c>sync_instance</c>. A file that names its sender is recorded under that name; this must then match,
    /// or the file is refused with <see cref="SyncSenderException"/> before anything is written.
    /// </summary>
    public string? Sender { get; set; }

    /// <summary>
    /// Gets or sets the only instance (its <c>base_uuid</c>) a file is accepted from. A file whose
    /// <c>sync_instance</c> row names another sender is refused with <see cref="SyncSenderException"/> before
    /// anything is written; a file that names no sender is recorded under this one, as with
    /// <see cref="Sender"/>. <see langword="null"/> (the default) accepts a file from any sender. Ignored by a
    /// restore. When both are set, it must equal <see cref="Sender"/>.
    /// </summary>
    /// <remarks>
    /// A file's <c>sync_instance</c> row is only a claim: anyone can write one. Set this when the channel
    /// says who sent the file (a pull from a known peer, an operator who knows whose memory stick it is).
    /// </remarks>
    public string? ExpectedSender { get; set; }

    /// <summary>
    /// Gets or sets the instances a file is accepted from, such as those an authenticated HTTP caller may
    /// speak for; an empty set accepts a file from none, though a file naming no sender is still merged.
    /// A file that names no sender is recorded under the only member of a set of one, else under none.
    /// </summary>
    internal IReadOnlySet<string>? AllowedSenders { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether to restore a backup (an export with
    /// <see cref="ExportOptions.Backup"/>) instead of merging: into an empty database, every table the model
    /// knows, ids kept.
    /// </summary>
    public bool Restore { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the file is a losing version being reinstated
    /// (<see cref="SyncConflictLog.ReinstateAsync"/>): this instance's own edit, so no row it replaces is a conflict.
    /// </summary>
    internal bool Reinstating { get; set; }

    /// <summary>Gets or sets where to report progress (table, rows done) during a long import.</summary>
    public IProgress<SyncProgress>? Progress { get; set; }

    /// <summary>
    /// Gets or sets what to call the file in the import history (<see cref="SyncImportRecord.Source"/>): an
    /// upload's file name, a peer's url. Kept as given (at most 256 characters), never interpreted.
    /// </summary>
    public string? Source { get; set; }

    /// <summary>
    /// Gets or sets how many conflicts <see cref="MergeReport.Conflicts"/> details, and as many skipped tables
    /// and columns in <see cref="MergeReport.Skipped"/>. Beyond it they are only counted
    /// (<see cref="MergeReport.UnreportedConflicts"/>, <see cref="MergeReport.UnreportedSkipped"/>), so a file
    /// cannot make the report, the page or the import history grow with it. <see cref="ResolveConflict"/> still
    /// sees every conflict, and each table's count stays exact. Defaults to 1000; 0 keeps counts only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxReportedConflicts
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = DefaultMaxReportedConflicts;

    /// <summary>
    /// Gets or sets the longest value accepted, in bytes of UTF-8. Defaults to 1 MiB; a longer one rejects the file.
    /// </summary>
    public int MaxFieldLength { get; set; } = Web2pyCsvReader.DefaultMaxFieldLength;

    /// <summary>
    /// Gets or sets the longest row accepted, in bytes of UTF-8 as in the file. Defaults to 4 MiB; a longer one
    /// rejects the file.
    /// </summary>
    public int MaxRecordLength { get; set; } = Web2pyCsvReader.DefaultMaxRecordLength;

    /// <summary>
    /// Gets or sets the hash the uuid index uses instead of its seeded XXH3, for tests that make every uuid collide.
    /// </summary>
    internal Import.UuidIndex.UuidHash? UuidHash { get; set; }
}
