using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// Writes a table on PostgreSQL, where every statement is a round trip: a batch travels as one array parameter
/// per column (<c>INSERT … SELECT * FROM unnest(@p0::type[], …)</c>, <c>UPDATE … FROM unnest(…)</c>,
/// <c>= ANY(…)</c>). A handful of parameters instead of thousands, and one statement text whatever the batch
/// size, so one prepared statement serves every batch and PostgreSQL runs it as one plan instead of one per row.
/// </summary>
internal sealed class PostgresTableWriter(
    TableMapping table, CommandRunner runner, ISqlGenerationHelper sql, SqlDialect dialect)
    : TableWriter(table, runner, sql, dialect)
{
    // The most parameters one multi-row statement carries (PostgreSQL takes 65535), and the most rows.
    private const int MaxParameters = 30_000;
    private const int MaxRows = 1_000;

    /// <inheritdoc/>
    internal override async Task<Dictionary<string, object>?> InsertAsync(
        int[] columns, IReadOnlyList<object?[]> rows, bool wantKeys, CancellationToken cancellationToken)
    {
        var returning = CanReturnKeys(columns, wantKeys);
        var keys = returning ? new Dictionary<string, object>(rows.Count, StringComparer.Ordinal) : null;
        foreach (var chunk in rows.Chunk(SqlDialect.RowsPerArrayStatement))
        {
            var command = ArrayCommand(Invariant($"ia:{string.Join(',', columns)}"), columns.Length, () =>
                $"INSERT INTO {Name} ({string.Join(", ", columns.Select(Column))})"
                + $" SELECT * FROM unnest({Arrays(columns)})"
                + (returning ? Returning : string.Empty));
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters[i].Value = ArrayOf(columns[i], chunk.Select(row => row[columns[i]]));
            }

            await ExecuteInsertAsync(command, keys, cancellationToken).ConfigureAwait(false);
        }

        return keys;
    }

    /// <summary>
    /// Updates rows with one statement per batch: the new values, keys and expected stamps as one array each,
    /// joined to the table. A row is written only if its <c>modified_on</c> is still what the import read, since
    /// the host's writers run beside the import.
    /// </summary>
    internal override async Task UpdateAsync(
        int[] columns,
        IReadOnlyList<(object?[] Values, object Key, DateTime Seen)> rows,
        CancellationToken cancellationToken)
    {
        var keyIndex = Table.IndexOf(Table.Key);
        var stampIndex = Table.ModifiedOn is null ? -1 : Table.IndexOf(Table.ModifiedOn);
        var arrays = columns.Append(keyIndex).Concat(stampIndex >= 0 ? [stampIndex] : []).ToArray();
        foreach (var chunk in rows.Chunk(SqlDialect.RowsPerArrayStatement))
        {
            var command = ArrayCommand(Invariant($"ua:{string.Join(',', columns)}"), arrays.Length, () =>
            {
                var text = new StringBuilder("UPDATE ").Append(Name).Append(" AS t SET ")
                    .AppendJoin(", ", columns.Select((c, i) => Invariant($"{Column(c)} = v.c{i}")))
                    .Append(" FROM unnest(").Append(Arrays(arrays))
                    .Append(") AS v(").AppendJoin(", ", arrays.Select((_, i) => Invariant($"c{i}"))).Append(')')
                    .Append(" WHERE t.").Append(Sql.DelimitIdentifier(Table.Key.Name))
                    .Append(" = v.c").Append(columns.Length);
                if (stampIndex >= 0)
                {
                    text.Append(" AND t.").Append(Sql.DelimitIdentifier(Table.ModifiedOn!.Name))
                        .Append(" = v.c").Append(columns.Length + 1);
                }

                return text.ToString();
            });
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters[i].Value = ArrayOf(columns[i], chunk.Select(r => r.Values[columns[i]]));
            }

            command.Parameters[columns.Length].Value = ArrayOf(keyIndex, chunk.Select(r => r.Key));
            if (stampIndex >= 0)
            {
                command.Parameters[columns.Length + 1].Value = ArrayOf(stampIndex, chunk.Select(r => (object?)r.Seen));
            }

            var affected = await Runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            ThrowIfChangedMeanwhile(chunk.Length, affected);
        }
    }

    /// <inheritdoc/>
    internal override async Task<HashSet<object>> ExistingKeysAsync(
        IReadOnlyList<object> keys, CancellationToken cancellationToken)
    {
        var found = new HashSet<object>();
        var keyIndex = Table.IndexOf(Table.Key);
        var keyReader = Table.Readers[keyIndex];
        var key = Sql.DelimitIdentifier(Table.Key.Name);
        foreach (var chunk in keys.Chunk(SqlDialect.RowsPerArrayStatement))
        {
            var command = ArrayCommand(
                "ea", 1, () => $"SELECT {key} FROM {Name} WHERE {key} = ANY({Arrays([keyIndex])})");
            command.Parameters[0].Value = ArrayOf(keyIndex, chunk);
            var reader = await Runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken)
                .ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    found.Add(keyReader(reader, 0)!);
                }
            }
        }

        return found;
    }

    /// <summary>A command whose one parameter <c>@u0</c> holds the uuids as a text array.</summary>
    internal override DbCommand Select(RowSelect select) => ArrayCommand(select.Sql, 1, () => select.Sql, "u");

    /// <summary>As many rows per statement as parameters allow, each statement a round trip.</summary>
    private protected override int RowsPerStatement(int parametersPerRow)
        => Math.Clamp(MaxParameters / Math.Max(1, parametersPerRow), 1, MaxRows);

    /// <summary>
    /// The array parameters <c>@p0::type[], @p1::type[], …</c>, one per column, each cast to its column's store type.
    /// </summary>
    private string Arrays(int[] columns)
        => string.Join(", ", columns.Select((c, i) => $"{SqlDialect.ParameterName("p", i)}::{StoreType(c)}[]"));

    private string StoreType(int column) => Table.Columns[column].TypeMapping.StoreType;

    private string Column(int column) => Sql.DelimitIdentifier(Table.Columns[column].Name);

    /// <summary>One column's values as a typed array for an array parameter, adapted as single values are.</summary>
    private Array ArrayOf(int column, IEnumerable<object?> values)
    {
        var type = Table.Columns[column].ProviderClrType;

        // Npgsql reads a char[] as one string; a column of chars travels as strings, one per row.
        var element = type == typeof(char) ? typeof(string)
            : type.IsValueType ? typeof(Nullable<>).MakeGenericType(type)
            : type;
        var list = values.ToList();
        var array = Array.CreateInstance(element, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var value = Values[column](list[i]);
            array.SetValue(value is DBNull ? null : value is char c ? c.ToString() : value, i);
        }

        return array;
    }

    /// <summary>
    /// A command whose parameters are arrays, named <c>@p0</c>, <c>@p1</c>, … (or another prefix), typed by their
    /// values.
    /// </summary>
    private DbCommand ArrayCommand(string shape, int parameters, Func<string> text, string prefix = "p")
        => Cached(shape, () =>
        {
            var command = Runner.CreateCommand();
            // Built only from names and store types in EF's model, each name quoted by the provider; values go
            // in parameters.
#pragma warning disable CA2100
            command.CommandText = text();
#pragma warning restore CA2100
            for (var i = 0; i < parameters; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = SqlDialect.ParameterName(prefix, i);
                command.Parameters.Add(parameter);
            }

            return command;
        });
}
