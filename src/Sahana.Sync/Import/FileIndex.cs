using System.Runtime.InteropServices;
using Sahana.Sync.Csv;
using Sahana.Sync.Model;
using Sahana.Sync.Stamping;

namespace Sahana.Sync.Import;

/// <summary>
/// The first pass over a sync file: every row checked and parked in the spill, and for each synced table
/// the index of its uuids. After it, the file is known to be well formed and complete; nothing has been
/// written. Memory grows with the number of uuids, not with the rows.
/// </summary>
internal sealed class FileIndex : IDisposable
{
    private readonly Dictionary<string, FileSection> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int ReportedAt, long Rows)> _skippedRows = new(StringComparer.Ordinal);
    private readonly long _now;
    private readonly long _maxSkew;
    private StampAhead? _firstAhead;

    private FileIndex(ImportOptions options, DateTime now, TimeSpan maxClockSkew, RowSpill spill)
    {
        Skipped = new(options.MaxReportedConflicts);
        _now = now.Ticks;
        _maxSkew = maxClockSkew.Ticks;
        Spill = spill;
    }

    internal RowSpill Spill { get; }

    internal IReadOnlyDictionary<string, FileSection> Sections => _sections;

    internal ReportedList<SkippedSection> Skipped { get; }

    internal SenderRow? Sender { get; private set; }

    /// <summary>
    /// Gets whether any section of the file names a table this model syncs, an empty one (no columns, as pydal
    /// writes it) included: a file where none does is from another application.
    /// </summary>
    internal bool NamesSyncedTable { get; private set; }

    /// <summary>Gets the newest stamp in the file, the sender's export timestamp included.</summary>
    internal DateTime? Newest { get; private set; }

    /// <summary>
    /// Reads and checks the file; notes the first stamp more than <paramref name="maxClockSkew"/> after
    /// <paramref name="now"/>, which <see cref="ThrowIfAhead"/> refuses.
    /// </summary>
    internal static async Task<FileIndex> ReadAsync(
        Stream source,
        SyncPlan plan,
        ImportOptions options,
        DateTime now,
        TimeSpan maxClockSkew,
        SpillFolder spills,
        CancellationToken cancellationToken)
    {
        var index = new FileIndex(options, now, maxClockSkew, spills.Create());
        try
        {
            // One thread splits the CSV into fields while this one checks, parks and indexes them.
            FileSection? section = null;
            await Pipeline.RunAsync<List<CsvRecord>>(
                (emit, token) => ReadRecordsAsync(source, options, emit, token),
                records =>
                {
                    foreach (var record in records)
                    {
                        if (record.Kind == Web2pyCsvRecordKind.Table)
                        {
                            section?.SpillEnd = index.Spill.Position;
                            section = index.Open(record.Table!, record.Columns, record.Line, plan, options);
                            section?.SpillStart = index.Spill.Position;
                        }
                        else if (section is not null)
                        {
                            index.Add(section, record.Fields, record.Line);
                        }
                        else
                        {
                            index.AddOutside(
                                record.Table!, record.Columns, record.Fields, record.Line, options.Restore);
                        }
                    }

                    return Task.CompletedTask;
                },
                capacity: 4,
                cancellationToken).ConfigureAwait(false);
            section?.SpillEnd = index.Spill.Position;
            foreach (var (reportedAt, rows) in index._skippedRows.Values)
            {
                if (reportedAt >= 0)
                {
                    var reason = index.Skipped[reportedAt];
                    index.Skipped[reportedAt] = reason with { Reason = $"{reason.Reason}; {rows} rows" };
                }
            }

            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses the file if a stamp in it is too far ahead. Apart from reading, so that who sent the file is
    /// checked first: a caller naming another instance is refused as such, whatever its clock.
    /// </summary>
    /// <exception cref="SyncClockException">The first stamp too far ahead, with the sender the file names.</exception>
    internal void ThrowIfAhead()
    {
        if (_firstAhead is { } ahead)
        {
            throw ahead.ToException(Sender);
        }
    }

    public void Dispose() => Spill.Dispose();

    private static async Task ReadRecordsAsync(
        Stream source,
        ImportOptions options,
        Func<List<CsvRecord>, ValueTask> emit,
        CancellationToken cancellationToken)
    {
        const int ChunkSize = 256;

        // A chunk is also cut by its size, so the few waiting in the pipeline stay small whatever the rows:
        // 256 rows of 4 MiB, or of 600,000 empty fields, would otherwise wait as gigabytes.
        const long ChunkBytes = 1 << 20;
        var reader = new Web2pyCsvReader(source, leaveOpen: true, options.MaxFieldLength, options.MaxRecordLength);
        await using (reader.ConfigureAwait(false))
        {
            var chunk = new List<CsvRecord>(ChunkSize);
            long bytes = 0;
            Web2pyCsvRecordKind kind;
            while ((kind = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) != Web2pyCsvRecordKind.End)
            {
                // The reader makes new arrays for every row and every header, so the record may keep them.
                var fields = reader.Fields;
                chunk.Add(new CsvRecord(kind, reader.Table, reader.Columns, fields, reader.Line));
                bytes += SizeOf(fields) + (kind == Web2pyCsvRecordKind.Table ? SizeOf(reader.Columns) : 0);
                if (chunk.Count == ChunkSize || bytes >= ChunkBytes)
                {
                    await emit(chunk).ConfigureAwait(false);
                    chunk = new List<CsvRecord>(ChunkSize);
                    bytes = 0;
                }
            }

            if (chunk.Count > 0)
            {
                await emit(chunk).ConfigureAwait(false);
            }
        }
    }

    /// <summary>About the memory a record's texts take: a reference and two bytes a character each.</summary>
    private static long SizeOf(IReadOnlyList<string?> texts)
    {
        long size = texts.Count * sizeof(long);
        for (var i = 0; i < texts.Count; i++)
        {
            size += (texts[i]?.Length ?? 0) * sizeof(char);
        }

        return size;
    }

    private FileSection? Open(
        string table, IReadOnlyList<string> columns, long line, SyncPlan plan, ImportOptions options)
    {
        var planned = plan.Find(table);
        NamesSyncedTable |= planned?.Verdict == SyncTableVerdict.Synced;
        var restore = options.Restore;
        if (columns.Count == 0 || (table == SyncInstanceConfiguration.TableName && !restore))
        {
            // An empty table, as pydal writes one, carries nothing to merge, restore or skip.
            return null;
        }

        if (planned is null)
        {
            return Skip(table, "not a table of this database's model");
        }

        if (restore)
        {
            return _sections[table] = FileSection.ForRestore(table, line, planned.Mapping, columns, Skipped);
        }

        if (planned.Verdict == SyncTableVerdict.Synced)
        {
            // Sender-side keys are kept only for a table some reference points at: nothing else asks for them.
            var section = FileSection.ForMerge(
                table, line, planned.Mapping, columns, plan.IsReferenced(table), Skipped, options.UuidHash);
            return _sections[table] = section;
        }

        Skip(
            table,
            planned.Verdict == SyncTableVerdict.ExcludedByConfiguration
                ? planned.Reason
                : $"not synced: {planned.Reason}");
        return planned.Mapping.Uuid is not null
            ? _sections[table] = FileSection.ForKeys(table, line, planned.Mapping, columns)
            : null;
    }

    private FileSection? Skip(string table, string reason)
    {
        _skippedRows[table] = (Skipped.Add(new SkippedSection(table, null, reason)), 0);
        return null;
    }

    private void AddOutside(string table, IReadOnlyList<string> columns, string?[] fields, long line, bool restore)
    {
        if (table == SyncInstanceConfiguration.TableName && !restore)
        {
            Sender = Sender is null
                ? SenderRow.Parse(columns, fields, line)
                : throw new SyncFormatException(
                    table, line, null, "expected one row naming the sending instance, found a second one");
            Observe(Sender.LastUpdate);
            CheckSkew(table, line, null, Sender.LastUpdate);
            return;
        }

        ref var skipped = ref CollectionsMarshal.GetValueRefOrNullRef(_skippedRows, table);
        skipped.Rows++;
    }

    private void Add(FileSection section, string?[] fields, long line)
    {
        section.Rows++;
        var mapping = section.Mapping;
        var merged = section.Versions is not null;
        var keysOnly = !merged && section.UuidOfKey is not null;
        var restored = !merged && !keysOnly;
        var fieldOf = section.FieldOf;
        var parsers = section.Parsers;

        // Every value is checked, in column order, but only the four the index needs are kept: boxing the
        // rest only to drop them was most of this pass's garbage. A table that is only followed for its keys
        // must not reject the file over a column it never writes.
        object? uuidValue = null, key = null, stampValue = null, deletedValue = null;
        for (var i = 0; i < fieldOf.Length; i++)
        {
            if (fieldOf[i] is not (var field and >= 0))
            {
                continue;
            }

            if (restored && i != section.ModifiedOnAt)
            {
                parsers[i].Check(fields[field], line);
            }
            else if (restored)
            {
                stampValue = parsers[i].Parse(fields[field], line);
            }
            else if (i == section.UuidAt)
            {
                uuidValue = parsers[i].Parse(fields[field], line);
            }
            else if (i == section.KeyAt)
            {
                key = parsers[i].Parse(fields[field], line);
            }
            else if (keysOnly)
            {
                continue;
            }
            else if (i == section.ModifiedOnAt)
            {
                stampValue = parsers[i].Parse(fields[field], line);
            }
            else if (i == section.DeletedAt)
            {
                deletedValue = parsers[i].Parse(fields[field], line);
            }
            else
            {
                parsers[i].Check(fields[field], line);
            }
        }

        if (restored)
        {
            // A restored stamp becomes the clock's past as a merged one does, so it too must leave the clock room.
            if (stampValue is DateTime restoredStamp)
            {
                ObserveStamp(section, restoredStamp, line);
                if (_firstAhead is null && restoredStamp.Ticks - _now > _maxSkew)
                {
                    CheckSkew(section.Table, line, RawUuid(section, fields), restoredStamp);
                }
            }

            Spill.Append(line, fields);
            return;
        }

        if (uuidValue is not string uuid || string.IsNullOrWhiteSpace(uuid))
        {
            if (merged)
            {
                var found = uuidValue is null ? "<NULL>" : "an empty field";
                throw new SyncFormatException(
                    section.Table, line, mapping.Uuid!.Name, $"expected a uuid, found {found}");
            }

            return;
        }

        if (section.Versions is not { } versions)
        {
            if (key is not null)
            {
                section.UuidOfKey!.Set(key, uuid);
            }

            return;
        }

        var stamp = (DateTime)stampValue!;
        ObserveStamp(section, stamp, line);
        CheckSkew(section.Table, line, uuid, stamp);
        var deleted = deletedValue is true;
        var offset = Spill.Append(line, fields);
        var slot = versions.Add(uuid, stamp, deleted, offset);
        if (key is not null && section.SlotOfKey is not null)
        {
            if (section.SlotOfKey.TryGet(key, out var known) && known != slot)
            {
                var text = parsers[section.KeyAt].Codec.Format(key);
                throw new SyncFormatException(
                    section.Table,
                    line,
                    mapping.Key.Name,
                    $"expected each {mapping.Key.Name} to stand for one uuid, found {text} for two");
            }

            section.SlotOfKey.Set(key, slot);
        }
    }

    private void ObserveStamp(FileSection section, DateTime stamp, long line)
    {
        if (stamp >= HybridLogicalClock.LatestStamp)
        {
            var text = section.Parsers[section.ModifiedOnAt].Codec.Format(stamp);
            throw new SyncFormatException(
                section.Table,
                line,
                section.Mapping.ModifiedOn!.Name,
                $"expected a stamp before 9999-01-01, which leaves the clock room for later edits, found {text}");
        }

        Observe(stamp);
    }

    /// <summary>Notes the first stamp too far ahead of this instance's wall clock; the rest is still checked.</summary>
    private void CheckSkew(string table, long line, string? uuid, DateTime stamp)
    {
        if (_firstAhead is null && stamp.Ticks - _now > _maxSkew)
        {
            _firstAhead = new StampAhead(table, line, uuid, stamp, TimeSpan.FromTicks(stamp.Ticks - _now));
        }
    }

    private static string? RawUuid(FileSection section, string?[] fields)
        => section.Mapping.Uuid is { } uuid && section.FieldOf[section.Index(uuid)] is var field and >= 0
            ? fields[field]
            : null;

    private void Observe(DateTime stamp)
    {
        if (Newest is not { } newest || stamp > newest)
        {
            Newest = stamp;
        }
    }
}

/// <summary>One record of the CSV as the reader left it, handed from the reading thread to the indexing one.</summary>
internal readonly record struct CsvRecord(
    Web2pyCsvRecordKind Kind, string? Table, IReadOnlyList<string> Columns, string?[] Fields, long Line);
