using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;
using Sahana.Sync.Stamping;
using Sahana.Sync.Storage;

namespace Sahana.Sync.Import;

/// <summary>
/// What the tables of one import share: the file's index, the open transaction, a store per table, the
/// references waiting for rows not yet written, and the report being built.
/// </summary>
internal sealed class ImportSession(
    FileIndex file,
    SyncPlan plan,
    ImportOptions options,
    CommandRunner runner,
    DbTransaction transaction,
    ISqlGenerationHelper sql,
    SqlDialect dialect,
    HybridLogicalClock clock) : IAsyncDisposable
{
    private readonly Dictionary<string, TableStore> _stores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<object>> _existingKeys = new(StringComparer.Ordinal);
    private long? _originSequence;
    private AscendingGuids? _conflictIds;

    internal FileIndex File => file;

    internal SyncPlan Plan => plan;

    internal ImportOptions Options => options;

    internal HybridLogicalClock Clock => clock;

    internal ISqlGenerationHelper Sql => sql;

    /// <summary>Gets the import's transaction.</summary>
    internal DbTransaction Transaction => transaction;

    /// <summary>Gets what runs every command of the import, through the host's command interceptors.</summary>
    internal CommandRunner Runner => runner;

    /// <summary>Gets or sets the sender's previous export timestamp here: what both sides last agreed on.</summary>
    internal DateTime? AgreedUntil { get; set; }

    /// <summary>
    /// Gets or sets the instance recorded as the origin of the versions this import writes with their own stamps
    /// (<c>sync_origin</c>), or <see langword="null"/> when the sender is unknown or only claimed.
    /// </summary>
    internal string? Origin { get; set; }

    /// <summary>Gets the ids of the conflicts this import records, ascending from its start.</summary>
    internal AscendingGuids ConflictIds => _conflictIds ??= new AscendingGuids(StartedAt);

    /// <summary>
    /// Gets the sequence of this import's origins in <c>sync_origin_log</c>: a stamp of the import's clock, later
    /// than every import's committed before, which the wall clock (stopped in tests, stepped back by NTP) is not.
    /// </summary>
    internal long OriginSequence => _originSequence ??= clock.Next().Ticks;

    /// <summary>
    /// Gets the file's signature, checked against its bytes, or <see langword="null"/> for an unsigned file.
    /// </summary>
    internal Signing.FileSignature? Signature { get; init; }

    /// <summary>
    /// Gets or sets the fingerprint of the key that signed the file, once the key was found trustworthy.
    /// </summary>
    internal string? SenderFingerprint { get; set; }

    /// <summary>Gets the id of the import's <c>sync_import</c> row, which the conflict log points at.</summary>
    internal Guid ImportId { get; init; }

    /// <summary>Gets when the import started, in UTC on the wall clock.</summary>
    internal DateTime StartedAt { get; init; }

    /// <summary>Gets the dialect of the import's provider.</summary>
    internal SqlDialect Dialect => dialect;

    /// <summary>
    /// Gets or sets a value indicating whether the file was no newer than the sender's bookmark here.
    /// </summary>
    internal bool Replayed { get; set; }

    internal List<TableMergeReport> Tables { get; } = [];

    /// <summary>
    /// Gets the oldest <c>modified_on</c> the import wrote, for the history: deltas reach back to it.
    /// </summary>
    internal DateTime? OldestChange { get; private set; }

    /// <summary>Gets the conflicts the report details; every one is counted in its table's report.</summary>
    internal ReportedList<SyncConflict> Conflicts { get; } = new(options.MaxReportedConflicts);

    /// <summary>Gets the references written as NULL because their row comes later in the import.</summary>
    internal List<PendingReference> Pending { get; } = [];

    /// <summary>Gets the gateway to a table's rows, made once per table of the import.</summary>
    internal TableStore Store(TableMapping table)
    {
        if (!_stores.TryGetValue(table.Name, out var store))
        {
            store = new TableStore(table, runner, sql, dialect, transaction, CarryUuidOf);
            _stores[table.Name] = store;
        }

        return store;
    }

    /// <summary>Notes the stamp of a version the import writes.</summary>
    internal void Wrote(DateTime stamp)
    {
        if (OldestChange is not { } oldest || stamp < oldest)
        {
            OldestChange = stamp;
        }
    }

    /// <summary>The keys of a lookup table known to exist, so each is checked once per import.</summary>
    internal HashSet<object> ExistingKeys(string table)
    {
        if (!_existingKeys.TryGetValue(table, out var keys))
        {
            keys = [];
            _existingKeys[table] = keys;
        }

        return keys;
    }

    /// <summary>
    /// Writes the references that waited for their rows: a reference cycle, or a row before its parent in one
    /// table.
    /// </summary>
    internal async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        foreach (var group in Pending.GroupBy(p => (p.Table, p.Column)))
        {
            var (table, column) = group.Key;
            var rows = new List<(object Key, object? Value)>();
            foreach (var pending in group)
            {
                rows.Add((pending.Child.LocalKey!, pending.Parent.LocalKey));
            }

            await Store(table).SetAsync(column, rows, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Values)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The table whose uuid a reference into the named table carries, or null.</summary>
    private TableMapping? CarryUuidOf(string name)
        => plan.Find(name)?.Mapping is { Uuid: not null } parent ? parent : null;
}

/// <summary>A reference written as NULL, to be set once the row it points at has a local key.</summary>
/// <param name="Table">The table holding the reference.</param>
/// <param name="Column">The index of the reference column in the table.</param>
/// <param name="Child">The row holding the reference.</param>
/// <param name="Parent">The referenced row.</param>
internal sealed record PendingReference(TableMapping Table, int Column, VersionSlot Child, VersionSlot Parent);
