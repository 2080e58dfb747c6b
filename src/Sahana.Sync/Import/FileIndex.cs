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
    private readonly Dictionary<string, long> _skippedRows = new(StringComparer.Ordinal);

    private FileIndex(RowSpill spill) => Spill = spill;

    internal RowSpill Spill { get; }

    internal IReadOnlyDictionary<string, FileSection> Sections => _sections;

    internal List<SkippedSection> Skipped { get; } = [];

    internal SenderRow? Sender { get; private set; }

    /// <summary>Gets the newest stamp in the file, the sender's export timestamp included.</summary>
    internal DateTime? Newest { get; private set; }

    internal static async Task<FileIndex> ReadAsync(
        Stream source, SyncPlan plan, ImportOptions options, SpillFolder spills, CancellationToken cancellationToken)
    {
        var index = new FileIndex(spills.Create());
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
                            section = index.Open(record.Table!, record.Columns, record.Line, plan, options.Restore);
                            section?.SpillStart = index.Spill.Position;
                        }
                        else if (section is not null)
                        {
                            index.Add(section, record.Fields, record.Line);
                        }
                        else
                        {
                            index.AddOutside(record.Table!, record.Columns, record.Fields, record.Line, options.Restore);
                        }
                    }

                    return Task.CompletedTask;
                },
                capacity: 4,
                cancellationToken).ConfigureAwait(false);
            section?.SpillEnd = index.Spill.Position;

            foreach (var (table, rows) in index._skippedRows)
            {
                var reason = index.Skipped.Find(s => s.Table == table && s.Column is null);
                index.Skipped[index.Skipped.IndexOf(reason!)] = reason! with { Reason = $"{reason.Reason}; {rows} rows" };
            }

            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public void Dispose() => Spill.Dispose();

    private static async Task ReadRecordsAsync(Stream source, ImportOptions options, Func<List<CsvRecord>, ValueTask> emit, CancellationToken cancellationToken)
    {
        const int ChunkSize = 256;
        var reader = new Web2pyCsvReader(source, leaveOpen: true, options.MaxFieldLength, options.MaxRecordLength);
        await using (reader.ConfigureAwait(false))
        {
            var chunk = new List<CsvRecord>(ChunkSize);
            Web2pyCsvRecordKind kind;
            while ((kind = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) != Web2pyCsvRecordKind.End)
            {
                // The reader makes new arrays for every row and every header, so the record may keep them.
                chunk.Add(new CsvRecord(kind, reader.Table, reader.Columns, reader.Fields, reader.Line));
                if (chunk.Count == ChunkSize)
                {
                    await emit(chunk).ConfigureAwait(false);
                    chunk = new List<CsvRecord>(ChunkSize);
                }
            }

            if (chunk.Count > 0)
            {
                await emit(chunk).ConfigureAwait(false);
            }
        }
    }

    private FileSection? Open(string table, IReadOnlyList<string> columns, long line, SyncPlan plan, bool restore)
    {
        var planned = plan.Find(table);
        if (table == SyncInstanceConfiguration.TableName && !restore)
        {
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
            return _sections[table] = FileSection.ForMerge(table, line, planned.Mapping, columns, plan.IsReferenced(table), Skipped);
        }

        Skip(table, planned.Verdict == SyncTableVerdict.ExcludedByConfiguration ? planned.Reason : $"not synced: {planned.Reason}");
        return planned.Mapping.Uuid is not null
            ? _sections[table] = FileSection.ForKeys(table, line, planned.Mapping, columns)
            : null;
    }

    private FileSection? Skip(string table, string reason)
    {
        Skipped.Add(new SkippedSection(table, null, reason));
        _skippedRows[table] = 0;
        return null;
    }

    private void AddOutside(string table, IReadOnlyList<string> columns, string?[] fields, long line, bool restore)
    {
        if (table == SyncInstanceConfiguration.TableName && !restore)
        {
            Sender = Sender is null
                ? SenderRow.Parse(columns, fields, line)
                : throw new SyncFormatException(table, line, null, "expected one row naming the sending instance, found a second one");
            Observe(Sender.LastUpdate);
            return;
        }

        _skippedRows[table]++;
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
            }

            Spill.Append(line, fields);
            return;
        }

        if (uuidValue is not string uuid || string.IsNullOrWhiteSpace(uuid))
        {
            if (merged)
            {
                throw new SyncFormatException(section.Table, line, mapping.Uuid!.Name, $"expected a uuid, found {(uuidValue is null ? "<NULL>" : "an empty field")}");
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
        var deleted = deletedValue is true;
        var offset = Spill.Append(line, fields);
        var slot = versions.Add(uuid, stamp, deleted, offset);
        if (key is not null && section.SlotOfKey is not null)
        {
            if (section.SlotOfKey.TryGet(key, out var known) && known != slot)
            {
                throw new SyncFormatException(section.Table, line, mapping.Key.Name, $"expected each {mapping.Key.Name} to stand for one uuid, found {parsers[section.KeyAt].Codec.Format(key)} for two");
            }

            section.SlotOfKey.Set(key, slot);
        }
    }

    private void ObserveStamp(FileSection section, DateTime stamp, long line)
    {
        if (stamp >= HybridLogicalClock.LatestStamp)
        {
            throw new SyncFormatException(section.Table, line, section.Mapping.ModifiedOn!.Name, $"expected a stamp before 9999-01-01, which leaves the clock room for later edits, found {section.Parsers[section.ModifiedOnAt].Codec.Format(stamp)}");
        }

        Observe(stamp);
    }

    private void Observe(DateTime stamp)
    {
        if (Newest is not { } newest || stamp > newest)
        {
            Newest = stamp;
        }
    }
}

/// <summary>One record of the CSV as the reader left it, handed from the reading thread to the indexing one.</summary>
internal readonly record struct CsvRecord(Web2pyCsvRecordKind Kind, string? Table, IReadOnlyList<string> Columns, string?[] Fields, long Line);
