using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sahana.Sync.Model;

/// <summary>
/// One column: its name, the CLR type the provider reads and writes (after any value converter), and,
/// for a foreign key, the table it references.
/// </summary>
internal sealed class ColumnMapping(string name, IProperty property, RelationalTypeMapping typeMapping, ColumnRole role)
{
    internal string Name { get; } = name;

    internal IProperty Property { get; } = property;

    internal RelationalTypeMapping TypeMapping { get; } = typeMapping;

    /// <summary>Gets the type values have in the database: a converted enum is its number, not the enum.</summary>
    internal Type ProviderClrType { get; } = Nullable.GetUnderlyingType(typeMapping.Converter?.ProviderClrType ?? typeMapping.ClrType)
        ?? typeMapping.Converter?.ProviderClrType ?? typeMapping.ClrType;

    internal ColumnRole Role { get; } = role;

    /// <summary>Gets a value indicating whether the database numbers new rows itself (identity, autoincrement).</summary>
    internal bool IsGeneratedByDatabase => Property.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
        && (ProviderClrType == typeof(int) || ProviderClrType == typeof(long) || ProviderClrType == typeof(short));

    /// <summary>Gets the table this column references by key, if it is a single-column foreign key.</summary>
    internal string? References { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the column references a site-specific table: its ids mean
    /// something only here, so its values never travel in a sync file.
    /// </summary>
    internal bool StaysLocal { get; set; }
}
