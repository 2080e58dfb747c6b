using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;
using Sahana.Sync.Merge;
using Sahana.Sync.Model;
using Sahana.Sync.Storage;

namespace Sahana.Sync.Import;

/// <summary>
/// Merges one synced table's section into the database, a batch of uuids at a time: read the newest
/// version of each uuid back from the spill, look the local rows up, decide, point references at local
/// rows, and write inserts and updates in batches.
/// </summary>
internal sealed class TableMerger
{
    private const int BatchSize = 4_096;

    private readonly ImportSession _session;
    private readonly FileSection _section;
    private readonly TableMapping _table;
    private readonly TableMergeReport _report;
    private readonly MergeDecision _decision;
    private readonly Reference[] _references;
    private readonly Reference?[] _referenceAt;
    private readonly Func<object?, string?>[] _textOf;
    private readonly int[] _compared;
    private readonly int[] _insertColumns;
    private readonly int[] _updateColumns;
    private readonly int _key;
    private readonly int _uuid;
    private readonly int _modifiedOn;
    private readonly int _deleted;
    private readonly Dictionary<bool, RowSelect> _selects = [];
    private (int Index, int Field)[]? _carried;
    private readonly bool _referenced;
    private readonly Func<bool, SyncConflictWinner>? _policy;
    private bool _wasEmpty;

    internal TableMerger(ImportSession session, FileSection section)
    {
        _session = session;
        _section = section;
        _table = section.Mapping;
        _report = new TableMergeReport(_table.Name) { Rows = section.Rows };
        var columns = _table.Columns;
        _key = section.Index(_table.Key);
        _uuid = section.Index(_table.Uuid!);
        _modifiedOn = section.Index(_table.ModifiedOn!);
        _deleted = _table.Deleted is null ? -1 : section.Index(_table.Deleted);
        _references = [.. columns.Select((c, i) => (Column: c, Index: i))
            .Where(c => c.Column.References is not null && section.FieldOf[c.Index] >= 0)
            .Select(c => Reference.Create(session, _table, c.Column, c.Index))];
        _referenceAt = [.. columns.Select((_, i) => _references.FirstOrDefault(r => r.Index == i && r.ByUuid))];
        _textOf = [.. columns.Select((c, i) => _referenceAt[i] is not null ? Reference.Text : ValueText.For(c.ProviderClrType))];

        var present = Enumerable.Range(0, columns.Count).Where(i => section.FieldOf[i] >= 0).ToList();
        _compared = [.. present.Where(i => i != _key && i != _modifiedOn)];
        _decision = new MergeDecision(_compared, _textOf);
        // The uuid is what matched the row: rewriting it would only make the database update its index.
        _updateColumns = [.. present.Where(i => i != _key && i != _uuid)];
        var keyFromFile = !_table.Key.IsGeneratedByDatabase;
        if (keyFromFile && section.FieldOf[_key] < 0)
        {
            throw new SyncFormatException(_table.Name, section.Line, _table.Key.Name, $"the database does not generate {_table.Key.Name}, so the section must carry it");
        }

        _referenced = session.Plan.IsReferenced(_table.Name);
        _policy = session.Options.ConflictPolicy switch
        {
            SyncConflictPolicy.LocalWins => _ => SyncConflictWinner.Local,
            SyncConflictPolicy.RemoteWins => _ => SyncConflictWinner.Remote,
            _ => null,
        };
        _insertColumns = [.. present.Where(i => i != _key || keyFromFile).Concat(_deleted >= 0 && section.FieldOf[_deleted] < 0 ? [_deleted] : [])];
    }

    internal async Task<TableMergeReport> MergeAsync(CancellationToken cancellationToken)
    {
        _wasEmpty = await _session.Writer(_table).IsEmptyAsync(cancellationToken).ConfigureAwait(false);
        var versions = _section.Versions!;
        long done = 0;

        // One thread reads the winners back from the spill and parses them while this one merges the batch before.
        await Pipeline.RunAsync<List<(VersionSlot Slot, RowVersion Version)>>(
            (emit, token) => ReadWinnersAsync(versions, emit, token),
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

    /// <summary>The newest version of every uuid, in batches; runs beside the merge, so it touches nothing the merge writes.</summary>
    private async Task ReadWinnersAsync(UuidIndex versions, Func<List<(VersionSlot Slot, RowVersion Version)>, ValueTask> emit, CancellationToken cancellationToken)
    {
        // Versions with one stamp are ordered by their values, references as uuids: the same winner on every
        // instance. They are folded as they come, so a uuid repeated a million times holds one version here.
        var ties = new Dictionary<int, (RowVersion Best, long Left)>();
        var batch = new List<(VersionSlot Slot, RowVersion Version)>(BatchSize);
        foreach (var row in _session.File.Spill.Read(_section.SpillStart, _section.SpillEnd))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var uuid = row.Fields[_section.FieldOf[_uuid]]!;
            if (!versions.TryGet(uuid, out var number) || row.Offset < versions.OffsetOf(number))
            {
                continue;
            }

            RowVersion version;
            var tied = versions.TiesOf(number);
            if (tied == 0)
            {
                if (row.Offset != versions.OffsetOf(number))
                {
                    continue;
                }

                version = Parse(row);
            }
            else
            {
                // The first of the tied versions is where the index points; the others follow it with the same stamp.
                if (!IsNewest(row, versions.NewestOf(number)))
                {
                    continue;
                }

                version = Parse(row);
                var left = tied;
                if (ties.Remove(number, out var held))
                {
                    version = _decision.Compare(held.Best, version) >= 0 ? held.Best : version;
                    left = held.Left - 1;
                }

                if (left > 0)
                {
                    ties[number] = (version, left);
                    continue;
                }
            }

            batch.Add((new VersionSlot(versions, number), version));
            if (batch.Count == BatchSize)
            {
                await emit(batch).ConfigureAwait(false);
                batch = new List<(VersionSlot Slot, RowVersion Version)>(BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            await emit(batch).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a row has the stamp and flag of its uuid's newest version: only its stamp and flag are parsed.</summary>
    private bool IsNewest(SpilledRow row, (long Ticks, bool Deleted) newest)
    {
        var stamp = (DateTime)_section.Parsers[_modifiedOn].Parse(row.Fields[_section.FieldOf[_modifiedOn]], row.Line)!;
        var deleted = _deleted >= 0 && _section.FieldOf[_deleted] is var field and >= 0
            && _section.Parsers[_deleted].Parse(row.Fields[field], row.Line) is true;
        return stamp.Ticks == newest.Ticks && deleted == newest.Deleted;
    }

    private RowVersion Parse(SpilledRow row)
    {
        var values = new object?[_table.Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (_section.FieldOf[i] is var field and >= 0)
            {
                values[i] = _section.Parsers[i].Parse(row.Fields[field], row.Line);
            }
        }

        if (_deleted >= 0 && _section.FieldOf[_deleted] < 0)
        {
            values[_deleted] = false;
        }

        foreach (var reference in _references)
        {
            if (reference.ByUuid && values[reference.Index] is { } senderKey)
            {
                values[reference.Index] = reference.Resolve(_section, senderKey, row);
            }
        }

        return new RowVersion((DateTime)values[_modifiedOn]!, _deleted >= 0 && values[_deleted] is true, values, row.Line) { Key = values[_key] };
    }

    private async Task MergeBatchAsync(List<(VersionSlot Slot, RowVersion Version)> batch, CancellationToken cancellationToken)
    {
        // A table that was empty when the import began has no local rows to look up: the file's uuids are unique.
        var locals = _wasEmpty ? [] : await ReadLocalAsync(batch, cancellationToken).ConfigureAwait(false);
        var inserts = new List<(VersionSlot Slot, RowVersion Version)>();
        var updates = new List<(VersionSlot Slot, RowVersion Version, RowVersion Local)>();
        var restamps = new List<(object?[] Values, object Key, DateTime Seen)>();
        var origins = _session.Origin is null ? null : new List<(string Uuid, DateTime Stamp)>();
        var lost = new List<SyncConflict>();
        foreach (var (slot, remote) in batch)
        {
            var uuid = (string)remote.Values[_uuid]!;
            var local = locals.GetValueOrDefault(uuid);
            var (outcome, conflict) = Decide(uuid, local, remote);
            if (local is not null && _referenced)
            {
                slot.LocalKey = local.Key;
            }

            if (outcome.Conflict)
            {
                // Every loser goes to the conflict log, written with the batch; the report details only the first few.
                _report.Conflicts++;
                conflict ??= Conflict(uuid, local!, remote);
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
                        remote.Values[_modifiedOn] = _session.Clock.Next();
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
                    values[_modifiedOn] = _session.Clock.Next();
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

        await ResolveReferencesAsync([.. inserts, .. updates.Select(u => (u.Slot, u.Version))], cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync(inserts, updates, restamps, cancellationToken).ConfigureAwait(false);
            await ConflictLog.RecordAsync(_session, lost, cancellationToken).ConfigureAwait(false);
            if (origins is not null)
            {
                await SyncOrigins.RecordAsync(_session.Runner, _session.Dialect, _session.Sql, SyncOrigins.KeyOf(_table), _session.Origin!, origins, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DbException { IsTransient: false } or InvalidOperationException && e is not SyncException)
        {
            // The database refused a value the file carries (another unique index, a value the provider cannot
            // store): name the rows, since the provider's message cannot.
            var lines = inserts.Select(i => i.Version.Line).Concat(updates.Select(u => u.Version.Line)).DefaultIfEmpty().ToList();
            throw new SyncException($"Writing the {_table.Name} rows of lines {lines.Min()} to {lines.Max()} failed: {e.Message} Nothing was changed.", e);
        }
    }

    private async Task WriteAsync(List<(VersionSlot Slot, RowVersion Version)> inserts, List<(VersionSlot Slot, RowVersion Version, RowVersion Local)> updates, List<(object?[] Values, object Key, DateTime Seen)> restamps, CancellationToken cancellationToken)
    {
        var writer = _session.Writer(_table);
        if (inserts.Count > 0)
        {
            // A new row's key is needed only where a reference will point at it: some table references this one.
            // In uuid order, so the uuid index's pages are visited once per batch instead of at random.
            inserts.Sort((a, b) => string.CompareOrdinal((string)a.Version.Values[_uuid]!, (string)b.Version.Values[_uuid]!));
            var keys = await writer.InsertAsync(_insertColumns, [.. inserts.Select(i => i.Version.Values)], _referenced, cancellationToken).ConfigureAwait(false);
            if (_referenced)
            {
                keys ??= await writer.KeysOfAsync([.. inserts.Select(i => (string)i.Version.Values[_uuid]!)], cancellationToken).ConfigureAwait(false);
                foreach (var (slot, version) in inserts)
                {
                    slot.LocalKey = keys[(string)version.Values[_uuid]!];
                }
            }
        }

        await writer.UpdateAsync(_updateColumns, [.. updates.Select(u => (u.Version.Values, u.Local.Key!, u.Local.Stamp))], cancellationToken).ConfigureAwait(false);
        await writer.UpdateAsync([_modifiedOn], restamps, cancellationToken).ConfigureAwait(false);
    }

    private (MergeOutcome Outcome, SyncConflict? Conflict) Decide(string uuid, RowVersion? local, RowVersion remote)
        => local is not null && _session.Options.ResolveConflict is { } ask
            ? DecideAsking(uuid, local, remote, ask)
            : (_decision.Decide(local, remote, _session.AgreedUntil, _policy), null);

    // Apart, so that only an import with a delegate pays for the closure, and only for rows with a local version.
    private (MergeOutcome Outcome, SyncConflict? Conflict) DecideAsking(string uuid, RowVersion local, RowVersion remote, Func<SyncConflict, SyncConflictWinner> ask)
    {
        SyncConflict? conflict = null;
        var outcome = _decision.Decide(local, remote, _session.AgreedUntil, _ => ask(conflict = Conflict(uuid, local, remote)));
        return (outcome, conflict);
    }

    private SyncConflict Conflict(string uuid, RowVersion local, RowVersion remote)
    {
        Dictionary<string, string?> Texts(RowVersion version) => _compared.Append(_modifiedOn)
            .ToDictionary(i => _table.Columns[i].Name, i => _textOf[i](version.Values[i]), StringComparer.Ordinal);
        return new SyncConflict(_table.Name, uuid, remote.Line, Texts(local), Texts(remote), DateTime.SpecifyKind(local.Stamp, DateTimeKind.Utc), remote.Stamp, local.Deleted, remote.Deleted);
    }

    /// <summary>
    /// The local rows of a batch's uuids: first only what every row is decided by (key, stamp, flag), then the
    /// values of the few whose decision reads them (<see cref="MergeDecision.ReadsLocalValues"/>). Reading every
    /// value of every row was most of an import's look-up time, spent on rows decided by their stamps alone.
    /// </summary>
    private async Task<Dictionary<string, RowVersion>> ReadLocalAsync(List<(VersionSlot Slot, RowVersion Version)> batch, CancellationToken cancellationToken)
    {
        var locals = await LookUpAsync(batch, stampsOnly: true, cancellationToken).ConfigureAwait(false);
        var agreedUntil = _session.AgreedUntil;
        var valued = batch.FindAll(b => locals.TryGetValue((string)b.Version.Values[_uuid]!, out var local)
            && MergeDecision.ReadsLocalValues(local.Stamp, local.Deleted, b.Version, agreedUntil));
        if (valued.Count > 0)
        {
            // On PostgreSQL these rows are already locked by the first read; locking them again does not wait.
            foreach (var (uuid, local) in await LookUpAsync(valued, stampsOnly: false, cancellationToken).ConfigureAwait(false))
            {
                locals[uuid] = local;
            }
        }

        return locals;
    }

    private async Task<Dictionary<string, RowVersion>> LookUpAsync(List<(VersionSlot Slot, RowVersion Version)> batch, bool stampsOnly, CancellationToken cancellationToken)
    {
        var writer = _session.Writer(_table);
        var locals = new Dictionary<string, RowVersion>(batch.Count, StringComparer.Ordinal);
        foreach (var chunk in batch.Chunk(writer.UuidsPerLookup))
        {
            var command = writer.Select(SelectFor(writer, stampsOnly));
            writer.SetUuids(command, [.. chunk.Select(c => (string)c.Version.Values[_uuid]!)]);
            Task<List<(string Uuid, RowVersion Row)>> Read() => stampsOnly ? ReadStampsAsync(command, cancellationToken) : ReadAsync(command, cancellationToken);
            var rows = await writer.Dialect.ReadLockedAsync(_session.Transaction, _table.Name, Read, cancellationToken)
                .ConfigureAwait(false);
            foreach (var (uuid, row) in rows)
            {
                locals[uuid] = row;
            }
        }

        return locals;
    }

    private RowSelect SelectFor(TableWriter writer, bool stampsOnly)
    {
        var dialect = writer.Dialect;
        if (_selects.TryGetValue(stampsOnly, out var select))
        {
            return select;
        }

        TableMapping? CarryUuidOf(string name) => _session.Plan.Find(name)?.Mapping is { Uuid: not null } parent ? parent : null;
        select = stampsOnly
            ? RowSelect.StampsByUuid(_table, dialect, _session.Sql)
            : RowSelect.ByUuid(_table, CarryUuidOf, dialect, _session.Sql);
        _selects[stampsOnly] = select;
        if (!stampsOnly)
        {
            // Every shape carries the same parents' uuids: where they land is worked out once.
            _carried ??= [.. select.CarriedFor.Select((c, j) => (Column: c, Field: j)).Where(c => c.Column is not null)
                .Select(c => (Index: _section.Index(c.Column!), c.Field))];
        }

        return select;
    }

    /// <summary>Reads rows of <see cref="RowSelect.StampsByUuid"/>: versions without values, which only their stamps decide.</summary>
    private async Task<List<(string Uuid, RowVersion Row)>> ReadStampsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var readKey = _table.Readers[_key];
        var readStamp = _table.Readers[_modifiedOn];
        var rows = new List<(string, RowVersion)>();
        var reader = await _session.Runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var stamp = DateTime.SpecifyKind((DateTime)readStamp(reader, 2)!, DateTimeKind.Utc);
                var deleted = _deleted >= 0 && _table.Readers[_deleted](reader, 3) is true;
                rows.Add((reader.GetString(1), new RowVersion(stamp, deleted, [], 0) { Key = readKey(reader, 0) }));
            }
        }

        return rows;
    }

    private async Task<List<(string Uuid, RowVersion Row)>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var readers = _table.Readers;
        var carried = _carried!;
        var rows = new List<(string, RowVersion)>();
        var reader = await _session.Runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = new object?[readers.Count];
                for (var i = 0; i < readers.Count; i++)
                {
                    values[i] = readers[i](reader, i);
                }

                foreach (var (index, field) in carried)
                {
                    values[index] = values[index] is null || reader.IsDBNull(field) ? null
                        : _referenceAt[index] is { } reference ? reference.Canonical(reader.GetString(field)) : reader.GetString(field);
                }

                var stamp = DateTime.SpecifyKind((DateTime)values[_modifiedOn]!, DateTimeKind.Utc);
                rows.Add(((string)values[_uuid]!, new RowVersion(stamp, _deleted >= 0 && values[_deleted] is true, values, 0) { Key = values[_key] }));
            }
        }

        return rows;
    }

    private async Task ResolveReferencesAsync(List<(VersionSlot Slot, RowVersion Version)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var reference in _references)
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
