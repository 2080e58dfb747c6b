using Microsoft.EntityFrameworkCore.Metadata;

namespace Sahana.Sync.Model;

/// <summary>
/// A table as Sahana.Sync reads and writes it, taken once from EF's relational model: names as the
/// database knows them, the key, the sync columns, and which foreign keys point where.
/// </summary>
internal sealed class TableMapping
{
    internal TableMapping(string name, string? schema, IEntityType entityType, IReadOnlyList<ColumnMapping> columns)
    {
        Name = name;
        Schema = schema;
        EntityType = entityType;
        Columns = columns;
        Key = columns[0];
        Uuid = columns.FirstOrDefault(c => c.Role == ColumnRole.Uuid);
        ModifiedOn = columns.FirstOrDefault(c => c.Role == ColumnRole.ModifiedOn);
        Deleted = columns.FirstOrDefault(c => c.Role == ColumnRole.Deleted);
    }

    internal string Name { get; }

    internal string? Schema { get; }

    internal IEntityType EntityType { get; }

    /// <summary>Gets the columns in file order: the key first, then as the entity declares them.</summary>
    internal IReadOnlyList<ColumnMapping> Columns { get; }

    internal ColumnMapping Key { get; }

    internal ColumnMapping? Uuid { get; }

    internal ColumnMapping? ModifiedOn { get; }

    internal ColumnMapping? Deleted { get; }
}
