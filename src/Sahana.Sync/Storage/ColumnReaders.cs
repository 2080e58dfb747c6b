using System.Data.Common;
using System.Reflection;
using Sahana.Sync.Csv;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// Reads one column of the current row as the provider's own CLR type: as web2py text for export, without
/// boxing, or as a value for the merge. One typed delegate per column, made once per table.
/// </summary>
internal static class ColumnReaders
{
    private static readonly MethodInfo TextMethod =
        typeof(ColumnReaders).GetMethod(nameof(CreateText), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo ValueMethod =
        typeof(ColumnReaders).GetMethod(nameof(CreateValue), BindingFlags.NonPublic | BindingFlags.Static)!;

    internal static Func<DbDataReader, int, string?> Text(ColumnMapping column)
    {
        // A decimal column of declared scale is written with that scale whatever the database gives back:
        // PostgreSQL keeps it, SQLite's provider drops trailing zeros.
        if (column.ProviderClrType == typeof(decimal)
            && (column.Property.GetScale() ?? column.TypeMapping.Scale) is { } scale)
        {
            return (reader, ordinal) => reader.IsDBNull(ordinal)
                ? null
                : DecimalCodec.Format(reader.GetFieldValue<decimal>(ordinal), scale);
        }

        return Text(column.ProviderClrType);
    }

    internal static Func<DbDataReader, int, string?> Text(Type providerClrType)
        => (Func<DbDataReader, int, string?>)TextMethod.MakeGenericMethod(providerClrType)
            .Invoke(null, [ValueCodecs.For(providerClrType)])!;

    internal static Func<DbDataReader, int, object?> Value(Type providerClrType)
        => (Func<DbDataReader, int, object?>)ValueMethod.MakeGenericMethod(providerClrType).Invoke(null, null)!;

    private static Func<DbDataReader, int, string?> CreateText<T>(ValueCodec<T> codec)
        where T : notnull
        => (reader, ordinal) => reader.IsDBNull(ordinal) ? null : codec.Format(reader.GetFieldValue<T>(ordinal));

    private static Func<DbDataReader, int, object?> CreateValue<T>()
        where T : notnull
        => (reader, ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
