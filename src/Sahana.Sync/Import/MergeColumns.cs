using Sahana.Sync.Merge;

namespace Sahana.Sync.Import;

/// <summary>
/// How one section's columns take part in its table's merge, worked out once per section: where the key, uuid,
/// stamp and flag are, which references travel by uuid, what is compared, inserted and updated.
/// </summary>
internal sealed class MergeColumns
{
    internal MergeColumns(ImportSession session, FileSection section)
    {
        var table = section.Mapping;
        var columns = table.Columns;
        Key = section.Index(table.Key);
        Uuid = section.Index(table.Uuid!);
        ModifiedOn = section.Index(table.ModifiedOn!);
        Deleted = table.Deleted is null ? -1 : section.Index(table.Deleted);
        References = [.. columns.Select((c, i) => (Column: c, Index: i))
            .Where(c => c.Column.References is not null && section.FieldOf[c.Index] >= 0)
            .Select(c => Reference.Create(session, table, c.Column, c.Index))];
        ReferenceAt = [.. columns.Select((_, i) => References.FirstOrDefault(r => r.Index == i && r.ByUuid))];
        TextOf = [.. columns.Select((c, i) =>
            ReferenceAt[i] is not null ? Reference.Text : ValueText.For(c.ProviderClrType))];

        var present = Enumerable.Range(0, columns.Count).Where(i => section.FieldOf[i] >= 0).ToList();
        Compared = [.. present.Where(i => i != Key && i != ModifiedOn)];

        // The uuid is what matched the row: rewriting it would only make the database update its index.
        UpdateColumns = [.. present.Where(i => i != Key && i != Uuid)];
        var keyFromFile = !table.Key.IsGeneratedByDatabase;
        if (keyFromFile && section.FieldOf[Key] < 0)
        {
            throw new SyncFormatException(
                table.Name,
                section.Line,
                table.Key.Name,
                $"the database does not generate {table.Key.Name}, so the section must carry it");
        }

        InsertColumns = [.. present.Where(i => i != Key || keyFromFile)
            .Concat(Deleted >= 0 && section.FieldOf[Deleted] < 0 ? [Deleted] : [])];
    }

    /// <summary>Gets the position of the key among the table's columns.</summary>
    internal int Key { get; }

    /// <summary>Gets the position of the uuid.</summary>
    internal int Uuid { get; }

    /// <summary>Gets the position of <c>modified_on</c>.</summary>
    internal int ModifiedOn { get; }

    /// <summary>Gets the position of the tombstone flag, or -1.</summary>
    internal int Deleted { get; }

    /// <summary>Gets the section's reference columns.</summary>
    internal Reference[] References { get; }

    /// <summary>Gets, per column, its reference when it travels by uuid, else null.</summary>
    internal Reference?[] ReferenceAt { get; }

    /// <summary>Gets, per column, the text a value is compared and reported as.</summary>
    internal Func<object?, string?>[] TextOf { get; }

    /// <summary>Gets the columns two versions are compared by: what the section carries but key and stamp.</summary>
    internal int[] Compared { get; }

    /// <summary>Gets the columns an insert writes.</summary>
    internal int[] InsertColumns { get; }

    /// <summary>Gets the columns an update writes.</summary>
    internal int[] UpdateColumns { get; }
}
