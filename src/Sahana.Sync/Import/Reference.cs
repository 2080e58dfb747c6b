using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Merge;
using Sahana.Sync.Model;

namespace Sahana.Sync.Import;

/// <summary>
/// A foreign key column of a merged table, and how its values become local keys. A reference to a table
/// with uuids travels as the referenced row's uuid (from the file's own rows or a <c>…__uuid</c> column)
/// and is pointed at the local row with that uuid; a reference to a lookup list without uuids is kept as
/// it is and must exist here.
/// </summary>
internal sealed class Reference
{
    private Reference(
        TableMapping table, ColumnMapping column, int index, SyncTablePlan parent, FileSection? parentSection)
    {
        Table = table;
        Column = column;
        Index = index;
        Parent = parent;
        ParentSection = parentSection;
    }

    /// <summary>Gets the table holding the reference.</summary>
    internal TableMapping Table { get; }

    internal ColumnMapping Column { get; }

    internal int Index { get; }

    internal SyncTablePlan Parent { get; }

    /// <summary>Gets the referenced table's section in the file, if it has one.</summary>
    internal FileSection? ParentSection { get; }

    internal bool ByUuid => Parent.Mapping.Uuid is not null;

    internal static Reference Create(ImportSession session, TableMapping table, ColumnMapping column, int index)
    {
        var parent = session.Plan.Find(column.References!)!;
        return new Reference(table, column, index, parent, session.File.Sections.GetValueOrDefault(parent.Table));
    }

    /// <summary>
    /// What a reference read from the file points at, in the one form both sides of the merge use: the
    /// row's <see cref="VersionSlot"/> when the file merges that row, else its uuid. Found through the row's
    /// <c>…__uuid</c> field, or the sender-side key in the parent's section.
    /// </summary>
    internal object Resolve(FileSection section, object senderKey, SpilledRow row)
    {
        if (section.CarriedUuidField[Index] is var field and >= 0 && !string.IsNullOrEmpty(row.Fields[field]))
        {
            return Canonical(row.Fields[field]!);
        }

        if (ParentSection?.SlotOfKey?.TryGet(senderKey, out var number) == true)
        {
            return new VersionSlot(ParentSection.Versions!, number);
        }

        if (ParentSection?.UuidOfKey?.TryGet(senderKey, out var uuid) == true)
        {
            return uuid!;
        }

        var keyText = section.Parsers[Index].Codec.Format(senderKey);
        var where = ParentSection is null
            ? $"the file has no {Parent.Table} section and no {Column.Name}{Storage.RowSelect.UuidSuffix} column"
            : $"the file's {Parent.Table} section has no row with {Parent.Mapping.Key.Name} {keyText}";
        throw new SyncReferenceException(
            section.Table, row.Line, Column.Name, keyText, $"expected a {Parent.Table} row for {keyText}, but {where}");
    }

    /// <summary>
    /// A referenced row's uuid in the form the merge compares: its slot if the file merges it, else the uuid.
    /// </summary>
    internal object Canonical(string uuid)
        => ParentSection?.Versions is { } versions && versions.TryGet(uuid, out var number)
            ? new VersionSlot(versions, number)
            : uuid;

    /// <summary>The uuid text of a referenced row, for messages, the tie rule and the report.</summary>
    internal static string? Text(object? value) => value switch
    {
        VersionSlot slot => slot.Uuid,
        _ => (string?)value,
    };

    /// <summary>
    /// Replaces the references in the rows' column with local keys, or defers those whose row this import writes
    /// later.
    /// </summary>
    internal async Task PointAtLocalRowsAsync(
        ImportSession session, List<(VersionSlot Slot, RowVersion Version)> rows, CancellationToken cancellationToken)
    {
        // A referenced row the file merges has its local key once its table is merged; any other is looked up by uuid.
        var texts = new Dictionary<VersionSlot, string>();
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, version) in rows)
        {
            switch (version.Values[Index])
            {
                case VersionSlot { LocalKey: null } slot:
                    unknown.Add(texts[slot] = slot.Uuid);
                    break;
                case string uuid:
                    unknown.Add(uuid);
                    break;
            }
        }

        var found = unknown.Count == 0
            ? []
            : await session.Store(Parent.Mapping).KeysOfAsync([.. unknown], cancellationToken).ConfigureAwait(false);
        foreach (var (child, version) in rows)
        {
            switch (version.Values[Index])
            {
                case VersionSlot { LocalKey: { } key }:
                    version.Values[Index] = key;
                    break;
                case VersionSlot slot when found.TryGetValue(texts[slot], out var key):
                    // The row exists here already: its key stays whatever the merge does to it.
                    slot.LocalKey = key;
                    version.Values[Index] = key;
                    break;
                case VersionSlot slot:
                    if (!Column.Property.IsColumnNullable())
                    {
                        throw new SyncReferenceException(
                            Table.Name,
                            version.Line,
                            Column.Name,
                            texts[slot],
                            $"the {Parent.Table} row {texts[slot]} is written later in this import, and a column "
                                + "that requires a value cannot wait for it: a cycle of required references cannot "
                                + "be imported");
                    }

                    version.Values[Index] = null;
                    session.Pending.Add(new PendingReference(Table, Index, child, slot));
                    break;
                case string uuid when found.TryGetValue(uuid, out var key):
                    version.Values[Index] = key;
                    break;
                case string uuid:
                    throw new SyncReferenceException(
                        Table.Name,
                        version.Line,
                        Column.Name,
                        uuid,
                        $"expected a {Parent.Table} row with uuid {uuid}, found none in the file or in this database");
            }
        }
    }

    /// <summary>Checks that every lookup-list key the rows reference exists here.</summary>
    internal async Task CheckLookupAsync(
        ImportSession session, List<(VersionSlot Slot, RowVersion Version)> rows, CancellationToken cancellationToken)
    {
        var known = session.ExistingKeys(Parent.Table);
        var unknown = rows.Select(r => r.Version.Values[Index]).OfType<object>()
            .Where(k => !known.Contains(k)).Distinct().ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        known.UnionWith(
            await session.Store(Parent.Mapping).ExistingKeysAsync(unknown, cancellationToken).ConfigureAwait(false));
        foreach (var (_, version) in rows)
        {
            if (version.Values[Index] is { } key && !known.Contains(key))
            {
                var text = Csv.ValueCodecs.For(Column.ProviderClrType).Format(key);
                throw new SyncReferenceException(
                    Table.Name,
                    version.Line,
                    Column.Name,
                    text,
                    $"expected a {Parent.Table} row with {Parent.Mapping.Key.Name} {text} in this database, found "
                        + $"none ({Parent.Table} does not travel in sync files, so every instance must hold the same "
                        + "rows)");
            }
        }
    }
}
