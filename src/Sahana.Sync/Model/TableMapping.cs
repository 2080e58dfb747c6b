using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;
using Sahana.Sync.Storage;

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
        Readers = [.. columns.Select(c => ColumnReaders.Value(c.ProviderClrType))];
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

    /// <summary>Gets, per column, the reader of its value from a result row, made once per model.</summary>
    internal IReadOnlyList<Func<DbDataReader, int, object?>> Readers { get; }

    /// <summary>Gets the position of one of this table's columns; by reference, as it is asked on every row.</summary>
    internal int IndexOf(ColumnMapping column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (ReferenceEquals(Columns[i], column))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{column.Name} is not a column of {Name}.");
    }

    /// <summary>Gets the position of the column with a name, or -1.</summary>
    internal int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
