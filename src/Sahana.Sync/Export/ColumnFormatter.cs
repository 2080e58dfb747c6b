using System.Data.Common;
using System.Reflection;
using Sahana.Sync.Csv;
using Sahana.Sync.Model;

namespace Sahana.Sync.Export;

/// <summary>
/// Reads one column of the current row as the provider's own CLR type and formats it as web2py text,
/// without boxing: one typed delegate per column, made once per export.
/// </summary>
internal static class ColumnFormatter
{
    private static readonly MethodInfo CreateMethod =
        typeof(ColumnFormatter).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    internal static Func<DbDataReader, int, string?> For(ColumnMapping column)
    {
        // A decimal column of declared scale is written with that scale whatever the database gives back:
        // PostgreSQL keeps it, SQLite's provider drops trailing zeros.
        if (column.ProviderClrType == typeof(decimal) && (column.Property.GetScale() ?? column.TypeMapping.Scale) is { } scale)
        {
            return (reader, ordinal) => reader.IsDBNull(ordinal) ? null : DecimalCodec.Format(reader.GetFieldValue<decimal>(ordinal), scale);
        }

        return For(column.ProviderClrType);
    }

    internal static Func<DbDataReader, int, string?> For(Type providerClrType)
        => (Func<DbDataReader, int, string?>)CreateMethod.MakeGenericMethod(providerClrType)
            .Invoke(null, [ValueCodecs.For(providerClrType)])!;

    private static Func<DbDataReader, int, string?> Create<T>(ValueCodec<T> codec)
        where T : notnull
        => (reader, ordinal) => reader.IsDBNull(ordinal) ? null : codec.Format(reader.GetFieldValue<T>(ordinal));
}
