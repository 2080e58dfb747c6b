using System.Data.Common;
using Sahana.Sync.Merge;
using Sahana.Sync.Model;
using Sahana.Sync.Storage;

namespace Sahana.Sync.Import;

/// <summary>
/// Merges one synced table's section into the database, a batch of uuids at a time, and only orchestrates:
/// the winners come from the spill (<see cref="WinnerReader"/>), the local versions from the table's gateway
/// (<see cref="LocalVersions"/>, <see cref="TableStore"/>), the decision from <see cref="RowDecider"/>; then
/// references are pointed at local rows and the gateway writes inserts and updates in batches.
/// </summary>
internal sealed class TableMerger
{
    private const int BatchSize = 4_096;

    private readonly ImportSession _session;
    private readonly FileSection _section;
    private readonly TableMapping _table;
    private readonly TableMergeReport _report;
    private readonly MergeColumns _columns;
    private readonly RowDecider _decider;
    private readonly TableStore _store;
    private readonly LocalVersions _locals;
    private readonly bool _referenced;
    private bool _wasEmpty;

    internal TableMerger(ImportSession session, FileSection section)
    {
        _session = session;
        _section = section;
        _table = section.Mapping;
        _report = new TableMergeReport(_table.Name) { Rows = section.Rows };
        _columns = new MergeColumns(session, section);
        _decider = new RowDecider(session, _table, _columns);
        _store = session.Store(_table);
        _locals = new LocalVersions(_store, _columns);
        _referenced = session.Plan.IsReferenced(_table.Name);
    }

    internal async Task<TableMergeReport> MergeAsync(CancellationToken cancellationToken)
    {
        _wasEmpty = await _store.IsEmptyAsync(cancellationToken).ConfigureAwait(false);
        var versions = _section.Versions!;
        var winners = new WinnerReader(_session, _section, _columns, _decider.Decision);
        long done = 0;

        // One thread reads the winners back from the spill and parses them while this one merges the batch before.
        await Pipeline.RunAsync<List<(VersionSlot Slot, RowVersion Version)>>(
            (emit, token) => winners.ReadAsync(BatchSize, emit, token),
            async batch =>
            {
                await MergeBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                done += batch.Count;
                _session.Options.Progress?.Report(new SyncProgress(_table.Name, done));
            },
            capacity: 1, // a batch is thousands of parsed rows: one waiting is enough to keep the database busy
            cancellationToken).ConfigureAwait(false);

        _report.OlderSkipped += versions.OlderVersions;
        if (done == 0)
        {
            _session.Options.Progress?.Report(new SyncProgress(_table.Name, done));
        }

        return _report;
    }

    private async Task MergeBatchAsync(
        List<(VersionSlot Slot, RowVersion Version)> batch, CancellationToken cancellationToken)
    {
        // A table that was empty when the import began has no local rows to look up: the file's uuids are unique.
        var locals = _wasEmpty
            ? []
            : await _locals.ReadAsync(batch, _session.AgreedUntil, cancellationToken).ConfigureAwait(false);
        var inserts = new List<(VersionSlot Slot, RowVersion Version)>();
        var updates = new List<(VersionSlot Slot, RowVersion Version, RowVersion Local)>();
        var restamps = new List<(object?[] Values, object Key, DateTime Seen)>();
        var origins = _session.Origin is null ? null : new List<(string Uuid, DateTime Stamp)>();
        var lost = new List<SyncConflict>();
        var modifiedOn = _columns.ModifiedOn;
        foreach (var (slot, remote) in batch)
        {
            var uuid = (string)remote.Values[_columns.Uuid]!;
            var local = locals.GetValueOrDefault(uuid);
            var (outcome, conflict) = _decider.Decide(uuid, local, remote);
            if (local is not null && _referenced)
            {
                slot.LocalKey = local.Key;
            }

            if (outcome.Conflict)
            {
                Lost(conflict ?? _decider.Conflict(uuid, local!, remote), outcome, lost);
            }

            switch (outcome.Action)
            {
                case MergeAction.Insert:
                    _session.Wrote(remote.Stamp);
                    origins?.Add((uuid, remote.Stamp));
                    inserts.Add((slot, remote));
                    _report.Inserted++;
                    _report.Tombstones += remote.Deleted ? 1 : 0;
                    break;
                case MergeAction.Update:
                    if (outcome.Restamp)
                    {
                        remote.Values[modifiedOn] = _session.Clock.Next();
                    }
                    else
                    {
                        _session.Wrote(remote.Stamp);
                        origins?.Add((uuid, remote.Stamp));
                    }

                    updates.Add((slot, remote, local!));
                    _report.Updated++;
                    _report.Tombstones += remote.Deleted && !local!.Deleted ? 1 : 0;
                    break;
                case MergeAction.KeepLocal when outcome.Restamp:
                    var values = new object?[_table.Columns.Count];
                    values[modifiedOn] = _session.Clock.Next();
                    restamps.Add((values, local!.Key!, local.Stamp));
                    _report.Updated++;
                    break;
                case MergeAction.KeepLocal:
                    _report.OlderSkipped++;
                    break;
                default:
                    _report.Unchanged++;
                    break;
            }
        }

        await ResolveReferencesAsync([.. inserts, .. updates.Select(u => (u.Slot, u.Version))], cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await WriteAsync(inserts, updates, restamps, cancellationToken).ConfigureAwait(false);
            await ConflictLog.RecordAsync(_session, lost, cancellationToken).ConfigureAwait(false);
            if (origins is not null)
            {
                await _store.RecordOriginsAsync(
                    _session.Origin!, _session.OriginSequence, origins, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DbException { IsTransient: false } or InvalidOperationException
            && e is not SyncException)
        {
            // The database refused a value the file carries (another unique index, a value the provider cannot
            // store): name the rows, since the provider's message cannot.
            var lines = inserts.Select(i => i.Version.Line).Concat(updates.Select(u => u.Version.Line))
                .DefaultIfEmpty().ToList();
            throw new SyncException(
                $"Writing the {_table.Name} rows of lines {lines.Min()} to {lines.Max()} failed: {e.Message} "
                + "Nothing was changed.",
                e);
        }
    }

    /// <summary>
    /// Counts a conflict and keeps its loser for the conflict log, written with the batch; the report details
    /// only the first few.
    /// </summary>
    private void Lost(SyncConflict conflict, MergeOutcome outcome, List<SyncConflict> lost)
    {
        _report.Conflicts++;
        conflict.Winner = outcome.Action == MergeAction.Update ? SyncConflictWinner.Remote : SyncConflictWinner.Local;
        lost.Add(conflict);
        if (_session.Conflicts.HasRoom)
        {
            _session.Conflicts.Add(conflict);
        }
        else
        {
            _session.Conflicts.Count();
        }
    }

    private async Task WriteAsync(
        List<(VersionSlot Slot, RowVersion Version)> inserts,
        List<(VersionSlot Slot, RowVersion Version, RowVersion Local)> updates,
        List<(object?[] Values, object Key, DateTime Seen)> restamps,
        CancellationToken cancellationToken)
    {
        var uuid = _columns.Uuid;
        if (inserts.Count > 0)
        {
            // A new row's key is needed only where a reference will point at it: some table references this one.
            // In uuid order, so the uuid index's pages are visited once per batch instead of at random.
            inserts.Sort((a, b) =>
                string.CompareOrdinal((string)a.Version.Values[uuid]!, (string)b.Version.Values[uuid]!));
            var keys = await _store.InsertAsync(
                    _columns.InsertColumns, [.. inserts.Select(i => i.Version.Values)], _referenced, cancellationToken)
                .ConfigureAwait(false);
            if (keys is not null)
            {
                foreach (var (slot, version) in inserts)
                {
                    slot.LocalKey = keys[(string)version.Values[uuid]!];
                }
            }
        }

        await _store.UpdateAsync(
                _columns.UpdateColumns,
                [.. updates.Select(u => (u.Version.Values, u.Local.Key!, u.Local.Stamp))],
                cancellationToken)
            .ConfigureAwait(false);
        await _store.UpdateAsync([_columns.ModifiedOn], restamps, cancellationToken).ConfigureAwait(false);
    }

    private async Task ResolveReferencesAsync(
        List<(VersionSlot Slot, RowVersion Version)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var reference in _columns.References)
        {
            if (reference.ByUuid)
            {
                await reference.PointAtLocalRowsAsync(_session, rows, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await reference.CheckLookupAsync(_session, rows, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
