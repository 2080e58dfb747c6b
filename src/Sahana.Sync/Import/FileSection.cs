using Sahana.Sync.Model;
using Sahana.Sync.Storage;

namespace Sahana.Sync.Import;

/// <summary>
/// One table's section of the file, bound to the model: which field holds which column, where its rows
/// are parked, and for a table with uuids the index of its versions and of its sender-side keys.
/// </summary>
internal sealed class FileSection
{
    private FileSection(
        string table,
        long line,
        TableMapping mapping,
        IReadOnlyList<string> fileColumns,
        ReportedList<SkippedSection>? skipped)
    {
        Table = table;
        Line = line;
        Mapping = mapping;
        var columns = mapping.Columns;
        FieldOf = [.. columns.Select(_ => -1)];
        CarriedUuidField = [.. columns.Select(_ => -1)];
        for (var field = 0; field < fileColumns.Count; field++)
        {
            var name = fileColumns[field];
            var index = mapping.IndexOf(name);
            if (index >= 0)
            {
                FieldOf[index] = field;
                continue;
            }

            var carried = name.EndsWith(RowSelect.UuidSuffix, StringComparison.Ordinal)
                ? mapping.IndexOf(name[..^RowSelect.UuidSuffix.Length])
                : -1;
            if (carried >= 0 && columns[carried].References is not null)
            {
                CarriedUuidField[carried] = field;
                continue;
            }

            // Counted past the report's limit without a message each: a header may name hundreds of thousands.
            if (skipped?.HasRoom == true)
            {
                skipped.Add(new SkippedSection(table, name, $"{table} has no column {name} in this database's model"));
            }
            else
            {
                skipped?.Count();
            }
        }

        Parsers = [.. columns.Select(c => new ColumnParser(table, c))];
        KeyAt = mapping.IndexOf(mapping.Key);
        UuidAt = mapping.Uuid is { } uuid ? mapping.IndexOf(uuid) : -1;
        ModifiedOnAt = mapping.ModifiedOn is { } modifiedOn ? mapping.IndexOf(modifiedOn) : -1;
        DeletedAt = mapping.Deleted is { } deleted ? mapping.IndexOf(deleted) : -1;
    }

    /// <summary>
    /// Gets the position of the key among the table's columns; it, and the three below, are asked for on every row.
    /// </summary>
    internal int KeyAt { get; }

    /// <summary>Gets the position of the uuid column, or -1.</summary>
    internal int UuidAt { get; }

    /// <summary>Gets the position of the modified-on column, or -1.</summary>
    internal int ModifiedOnAt { get; }

    /// <summary>Gets the position of the deleted column, or -1.</summary>
    internal int DeletedAt { get; }

    internal string Table { get; }

    /// <summary>Gets the line of the section's <c>TABLE</c> line.</summary>
    internal long Line { get; }

    internal TableMapping Mapping { get; }

    /// <summary>Gets, per column of the table, the field that holds it, or -1 when the file lacks it.</summary>
    internal int[] FieldOf { get; }

    /// <summary>Gets, per reference column, the field of its <c>…__uuid</c> companion, or -1.</summary>
    internal int[] CarriedUuidField { get; }

    internal ColumnParser[] Parsers { get; }

    /// <summary>Gets or sets where the section's rows start in the spill.</summary>
    internal long SpillStart { get; set; }

    /// <summary>Gets or sets where the section's rows end in the spill.</summary>
    internal long SpillEnd { get; set; }

    /// <summary>Gets or sets the number of rows in the section.</summary>
    internal long Rows { get; set; }

    /// <summary>Gets the newest version of each uuid, for a synced table being merged.</summary>
    internal UuidIndex? Versions { get; private init; }

    /// <summary>
    /// Gets the number in <see cref="Versions"/> of each sender-side key of a merged table, so references in the file
    /// can be followed.
    /// </summary>
    internal SenderKeys<int>? SlotOfKey { get; private init; }

    /// <summary>Gets the uuid of each sender-side key of a table that is only followed, not merged.</summary>
    internal SenderKeys<string>? UuidOfKey { get; private init; }

    internal bool Has(ColumnMapping? column) => column is not null && FieldOf[Index(column)] >= 0;

    internal int Index(ColumnMapping column) => Mapping.IndexOf(column);

    /// <summary>A section whose rows are merged by uuid.</summary>
    internal static FileSection ForMerge(
        string table,
        long line,
        TableMapping mapping,
        IReadOnlyList<string> columns,
        bool referenced,
        ReportedList<SkippedSection> skipped,
        UuidIndex.UuidHash? hash = null)
    {
        var section = new FileSection(table, line, mapping, columns, skipped)
        {
            Versions = new(hash),
            SlotOfKey = referenced ? new() : null,
        };

        // A reference into a site-specific table is read as if the file lacked it: an inserted row gets NULL,
        // an updated one keeps its value here. The sender's id would name another row here (another user).
        for (var i = 0; i < mapping.Columns.Count; i++)
        {
            if (mapping.Columns[i].StaysLocal)
            {
                section.FieldOf[i] = -1;
            }
        }
        foreach (var required in new[] { mapping.Uuid!, mapping.ModifiedOn! })
        {
            if (!section.Has(required))
            {
                throw new SyncFormatException(
                    table, line, required.Name, $"a synced table's section must have the column {required.Name}");
            }
        }

        return section;
    }

    /// <summary>
    /// A section of a table that is not merged but whose uuids let references to its rows be followed.
    /// </summary>
    internal static FileSection ForKeys(string table, long line, TableMapping mapping, IReadOnlyList<string> columns)
        => new(table, line, mapping, columns, null) { UuidOfKey = new() };

    /// <summary>A section restored as it is, ids kept.</summary>
    internal static FileSection ForRestore(
        string table,
        long line,
        TableMapping mapping,
        IReadOnlyList<string> columns,
        ReportedList<SkippedSection> skipped)
    {
        var section = new FileSection(table, line, mapping, columns, skipped);
        return section.Has(mapping.Key)
            ? section
            : throw new SyncFormatException(
                table,
                line,
                mapping.Key.Name,
                $"a restore keeps ids, so the section must have the key column {mapping.Key.Name}");
    }
}
