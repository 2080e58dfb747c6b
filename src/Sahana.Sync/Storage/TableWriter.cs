using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// Every statement the import runs against one table, in batches: multi-row <c>INSERT … VALUES</c>,
/// guarded <c>UPDATE</c>s, and look-ups by uuid or key. Plain SQL every provider understands, built from
/// the plan's names through the provider's quoting; values only in parameters. A command of a given shape
/// is built once and reused with new values, so providers can keep it prepared. Every command runs through
/// <see cref="CommandRunner"/>, so the host's command interceptors see it.
/// </summary>
internal sealed class TableWriter(TableMapping table, CommandRunner runner, ISqlGenerationHelper sql, SqlDialect dialect) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly Func<object?, object>[] _values = [.. table.Columns.Select(ParameterValues.For)];

    internal TableMapping Table => table;

    /// <summary>Gets how many uuids one look-up statement (<see cref="RowSelect.ByUuid"/> and its narrower kin) takes.</summary>
    internal int UuidsPerLookup => dialect.Uuids switch
    {
        UuidList.Parameters => dialect.RowsPerStatement(1),

        // A JSON text of 512 uuids is about 50 KB, under the large object heap's 85 KB: thousands would leave
        // that much garbage per batch where only a full collection reclaims it.
        UuidList.Json => 512,
        _ => SqlDialect.RowsPerArrayStatement,
    };

    internal SqlDialect Dialect => dialect;

    /// <summary>
    /// Inserts rows; <paramref name="columns"/> are the indexes of the table's columns written, each row
    /// holds a value per column of the table. When <paramref name="wantKeys"/>, returns the new rows' keys
    /// by uuid if the provider can return them from the insert itself; else null.
    /// </summary>
    internal async Task<Dictionary<string, object>?> InsertAsync(int[] columns, IReadOnlyList<object?[]> rows, bool wantKeys, CancellationToken cancellationToken)
    {
        var returning = dialect.Returning && wantKeys && table.Uuid is not null && !columns.Contains(table.IndexOf(table.Key));
        var keys = returning ? new Dictionary<string, object>(rows.Count, StringComparer.Ordinal) : null;
        var keyReader = table.Readers[table.IndexOf(table.Key)];
        if (dialect.Arrays)
        {
            foreach (var chunk in rows.Chunk(SqlDialect.RowsPerArrayStatement))
            {
                var command = ArrayCommand($"ia:{string.Join(',', columns)}", columns.Length, () =>
                    $"INSERT INTO {Name} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(table.Columns[c].Name)))}) SELECT * FROM unnest("
                    + string.Join(", ", columns.Select((c, i) => $"@p{i}::{table.Columns[c].TypeMapping.StoreType}[]")) + ")"
                    + (returning ? $" RETURNING {sql.DelimitIdentifier(table.Key.Name)}, {sql.DelimitIdentifier(table.Uuid!.Name)}" : string.Empty));
                for (var i = 0; i < columns.Length; i++)
                {
                    command.Parameters[i].Value = ArrayOf(columns[i], chunk.Select(row => row[columns[i]]));
                }

                await ExecuteInsertAsync(command, keys, keyReader, cancellationToken).ConfigureAwait(false);
            }

            return keys;
        }

        foreach (var chunk in rows.Chunk(dialect.RowsPerStatement(columns.Length)))
        {
            var command = Command($"i{chunk.Length}:{string.Join(',', columns)}", () =>
            {
                var text = new StringBuilder("INSERT INTO ").Append(Name).Append(" (")
                    .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(table.Columns[c].Name))).Append(") VALUES ");
                for (var r = 0; r < chunk.Length; r++)
                {
                    text.Append(r == 0 ? "(" : ", (").Append(RowSelect.Parameters("p", columns.Length, r * columns.Length)).Append(')');
                }

                if (returning)
                {
                    text.Append(" RETURNING ").Append(sql.DelimitIdentifier(table.Key.Name)).Append(", ").Append(sql.DelimitIdentifier(table.Uuid!.Name));
                }

                return (text.ToString(), Enumerable.Range(0, chunk.Length).SelectMany(_ => columns));
            });
            var p = 0;
            foreach (var row in chunk)
            {
                foreach (var c in columns)
                {
                    command.Parameters[p++].Value = _values[c](row[c]);
                }
            }

            await ExecuteInsertAsync(command, keys, keyReader, cancellationToken).ConfigureAwait(false);
        }

        return keys;
    }

    /// <summary>
    /// Updates rows by key. Where updates are guarded, a row is written only if its <c>modified_on</c> is
    /// still what the import read; a row the host changed meanwhile makes the whole import fail.
    /// </summary>
    internal async Task UpdateAsync(int[] columns, IReadOnlyList<(object?[] Values, object Key, DateTime Seen)> rows, CancellationToken cancellationToken)
    {
        var keyIndex = table.IndexOf(table.Key);
        var stampIndex = table.ModifiedOn is null ? -1 : table.IndexOf(table.ModifiedOn);
        var guarded = dialect.GuardUpdates && stampIndex >= 0;
        var perRow = columns.Length + (guarded ? 2 : 1);
        if (dialect.Arrays)
        {
            await UpdateFromArraysAsync(columns, rows, keyIndex, guarded ? stampIndex : -1, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var chunk in rows.Chunk(dialect.RowsPerStatement(perRow)))
        {
            var command = Command($"u{chunk.Length}:{string.Join(',', columns)}", () =>
            {
                var text = new StringBuilder();
                var types = new List<int>();
                for (var r = 0; r < chunk.Length; r++)
                {
                    var p = r * perRow;
                    text.Append("UPDATE ").Append(Name).Append(" SET ")
                        .AppendJoin(", ", columns.Select((c, i) => sql.DelimitIdentifier(table.Columns[c].Name) + " = @p" + (p + i)))
                        .Append(" WHERE ").Append(sql.DelimitIdentifier(table.Key.Name)).Append(" = @p").Append(p + columns.Length);
                    types.AddRange(columns);
                    types.Add(keyIndex);
                    if (guarded)
                    {
                        text.Append(" AND ").Append(sql.DelimitIdentifier(table.ModifiedOn!.Name)).Append(" = @p").Append(p + columns.Length + 1);
                        types.Add(stampIndex);
                    }

                    text.Append(';');
                }

                return (text.ToString(), types);
            });
            var n = 0;
            foreach (var (values, key, seen) in chunk)
            {
                foreach (var c in columns)
                {
                    command.Parameters[n++].Value = _values[c](values[c]);
                }

                command.Parameters[n++].Value = _values[keyIndex](key);
                if (guarded)
                {
                    command.Parameters[n++].Value = _values[stampIndex](seen);
                }
            }

            var affected = await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            ThrowIfChangedMeanwhile(chunk.Length, affected);
        }
    }

    /// <summary>
    /// Updates rows with one statement per batch: the new values, keys and expected stamps as one array
    /// each, joined to the table. PostgreSQL runs it as one plan instead of one per row.
    /// </summary>
    private async Task UpdateFromArraysAsync(int[] columns, IReadOnlyList<(object?[] Values, object Key, DateTime Seen)> rows, int keyIndex, int stampIndex, CancellationToken cancellationToken)
    {
        var arrays = columns.Append(keyIndex).Concat(stampIndex >= 0 ? [stampIndex] : []).ToArray();
        foreach (var chunk in rows.Chunk(SqlDialect.RowsPerArrayStatement))
        {
            var command = ArrayCommand($"ua:{string.Join(',', columns)}", arrays.Length, () =>
            {
                var text = new StringBuilder("UPDATE ").Append(Name).Append(" AS t SET ")
                    .AppendJoin(", ", columns.Select((c, i) => $"{sql.DelimitIdentifier(table.Columns[c].Name)} = v.c{i}"))
                    .Append(" FROM unnest(").AppendJoin(", ", arrays.Select((c, i) => $"@p{i}::{table.Columns[c].TypeMapping.StoreType}[]"))
                    .Append(") AS v(").AppendJoin(", ", arrays.Select((_, i) => "c" + i)).Append(')')
                    .Append(" WHERE t.").Append(sql.DelimitIdentifier(table.Key.Name)).Append(" = v.c").Append(columns.Length);
                if (stampIndex >= 0)
                {
                    text.Append(" AND t.").Append(sql.DelimitIdentifier(table.ModifiedOn!.Name)).Append(" = v.c").Append(columns.Length + 1);
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

            var affected = await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            ThrowIfChangedMeanwhile(chunk.Length, affected);
        }
    }

    /// <summary>Sets one column of rows given by key, such as a reference fixed up once its row exists.</summary>
    internal async Task SetAsync(int column, IReadOnlyList<(object Key, object? Value)> rows, CancellationToken cancellationToken)
    {
        var keyIndex = table.IndexOf(table.Key);
        foreach (var chunk in rows.Chunk(dialect.RowsPerStatement(2)))
        {
            var command = Command($"s{chunk.Length}:{column}", () =>
            {
                var text = new StringBuilder();
                for (var r = 0; r < chunk.Length; r++)
                {
                    text.Append("UPDATE ").Append(Name).Append(" SET ").Append(sql.DelimitIdentifier(table.Columns[column].Name)).Append(" = @p").Append(2 * r)
                        .Append(" WHERE ").Append(sql.DelimitIdentifier(table.Key.Name)).Append(" = @p").Append((2 * r) + 1).Append(';');
                }

                return (text.ToString(), Enumerable.Range(0, chunk.Length).SelectMany(_ => new[] { column, keyIndex }));
            });
            var n = 0;
            foreach (var (key, value) in chunk)
            {
                command.Parameters[n++].Value = _values[column](value);
                command.Parameters[n++].Value = _values[keyIndex](key);
            }

            await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finds the local keys of uuids; a uuid without a local row is absent from the result.</summary>
    internal async Task<Dictionary<string, object>> KeysOfAsync(IReadOnlyList<string> uuids, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, object>(uuids.Count, StringComparer.Ordinal);
        var keyReader = table.Readers[table.IndexOf(table.Key)];
        foreach (var chunk in uuids.Chunk(UuidsPerLookup))
        {
            var command = Select(RowSelect.KeysByUuid(table, chunk.Length, dialect, sql), chunk.Length);
            SetUuids(command, chunk);
            var reader = await runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys[reader.GetString(1)] = keyReader(reader, 0)!;
                }
            }
        }

        return keys;
    }

    /// <summary>Finds which of some keys exist.</summary>
    internal async Task<HashSet<object>> ExistingKeysAsync(IReadOnlyList<object> keys, CancellationToken cancellationToken)
    {
        var found = new HashSet<object>();
        var keyIndex = table.IndexOf(table.Key);
        var keyReader = table.Readers[table.IndexOf(table.Key)];
        foreach (var chunk in keys.Chunk(dialect.Arrays ? SqlDialect.RowsPerArrayStatement : dialect.RowsPerStatement(1)))
        {
            var select = $"SELECT {sql.DelimitIdentifier(table.Key.Name)} FROM {Name} WHERE {sql.DelimitIdentifier(table.Key.Name)}";
            DbCommand command;
            if (dialect.Arrays)
            {
                command = ArrayCommand("ea", 1, () => select + $" = ANY(@p0::{table.Key.TypeMapping.StoreType}[])");
                command.Parameters[0].Value = ArrayOf(keyIndex, chunk);
            }
            else
            {
                command = Command($"e{chunk.Length}", () => (select + $" IN ({RowSelect.Parameters("p", chunk.Length)})", Enumerable.Repeat(keyIndex, chunk.Length)));
                for (var i = 0; i < chunk.Length; i++)
                {
                    command.Parameters[i].Value = _values[keyIndex](chunk[i]);
                }
            }

            var reader = await runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Reads the row with a key, every column, or null when there is none.</summary>
    internal async Task<object?[]?> FindAsync(object key, CancellationToken cancellationToken)
    {
        var keyIndex = table.IndexOf(table.Key);
        var command = Command("f", () => (
            $"SELECT {string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)))} FROM {Name} WHERE {sql.DelimitIdentifier(table.Key.Name)} = @p0",
            [keyIndex]));
        command.Parameters[0].Value = _values[keyIndex](key);
        var reader = await runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? [.. table.Readers.Select((read, i) => read(reader, i))]
                : null;
        }
    }

    /// <summary>Whether the table has no rows.</summary>
    internal async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var command = Command("any", () => ($"SELECT CASE WHEN EXISTS (SELECT 1 FROM {Name}) THEN 1 ELSE 0 END", []));
        return Convert.ToInt32(await runner.ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0;
    }

    /// <summary>A command over the rows selected by uuid, built once per statement text: per batch size, or once for a single list parameter.</summary>
    internal DbCommand Select(RowSelect select, int count)
    {
        var uuidIndex = table.IndexOf(table.Uuid!);
        return dialect.Uuids switch
        {
            UuidList.Array => ArrayCommand(select.Sql, 1, () => select.Sql, "u"),
            UuidList.Json => Command(select.Sql, () => (select.Sql, [uuidIndex]), "u"),
            _ => Command(select.Sql, () => (select.Sql, Enumerable.Repeat(uuidIndex, count)), "u"),
        };
    }

    /// <summary>Gives a <see cref="Select"/> command its uuids: one array, one JSON text, or one parameter each.</summary>
    internal void SetUuids(DbCommand command, IReadOnlyList<string> uuids)
    {
        switch (dialect.Uuids)
        {
            case UuidList.Array:
                command.Parameters[0].Value = uuids as string[] ?? [.. uuids];
                break;
            case UuidList.Json:
                command.Parameters[0].Value = JsonSerializer.Serialize(uuids);
                break;
            default:
                var uuidIndex = table.IndexOf(table.Uuid!);
                for (var i = 0; i < uuids.Count; i++)
                {
                    command.Parameters[i].Value = _values[uuidIndex](uuids[i]);
                }

                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
    }

    private string Name => sql.DelimitIdentifier(table.Name, table.Schema);

    private void ThrowIfChangedMeanwhile(int expected, int affected)
    {
        if (affected != expected)
        {
            throw new SyncConcurrencyException(
                $"{expected - affected} rows of {table.Name} changed in this database while the import was running; nothing was imported. Import the file again.");
        }
    }

    private async Task ExecuteInsertAsync(DbCommand command, Dictionary<string, object>? keys, Func<DbDataReader, int, object?> keyReader, CancellationToken cancellationToken)
    {
        if (keys is null)
        {
            await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            return;
        }

        var reader = await runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys[reader.GetString(1)] = keyReader(reader, 0)!;
            }
        }
    }

    /// <summary>One column's values as a typed array for an array parameter, adapted as single values are.</summary>
    private Array ArrayOf(int column, IEnumerable<object?> values)
    {
        var type = table.Columns[column].ProviderClrType;

        // The provider reads a char[] as one string; a column of chars travels as strings, one per row.
        var element = type == typeof(char) ? typeof(string) : type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
        var list = values.ToList();
        var array = Array.CreateInstance(element, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var value = _values[column](list[i]);
            array.SetValue(value is DBNull ? null : value is char c ? c.ToString() : value, i);
        }

        return array;
    }

    /// <summary>A command whose parameters are arrays, named <c>@p0</c>, <c>@p1</c>, … (or another prefix), typed by their values.</summary>
    private DbCommand ArrayCommand(string shape, int parameters, Func<string> text, string prefix = "p")
    {
        if (_commands.TryGetValue(shape, out var command))
        {
            return command;
        }

        command = runner.CreateCommand();
#pragma warning disable CA2100 // Built only from names and store types in EF's model, each name quoted by the provider; values go in parameters.
        command.CommandText = text();
#pragma warning restore CA2100
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + prefix + i;
            command.Parameters.Add(parameter);
        }

        _commands[shape] = command;
        return command;
    }

    /// <param name="shape">What identifies the command's text: statement kind, rows, columns.</param>
    /// <param name="build">The command text, and the column whose type each parameter <c>@p0, @p1, …</c> takes.</param>
    /// <param name="prefix">The parameters' prefix.</param>
    private DbCommand Command(string shape, Func<(string Text, IEnumerable<int> Columns)> build, string prefix = "p")
    {
        if (_commands.TryGetValue(shape, out var command))
        {
            return command;
        }

        var (text, parameterColumns) = build();
        command = runner.CreateCommand();
#pragma warning disable CA2100 // Built only from names in EF's model, each quoted by the provider; values go in parameters.
        command.CommandText = text;
#pragma warning restore CA2100
        var n = 0;
        foreach (var column in parameterColumns)
        {
            // Named as in the SQL, "@" included: Microsoft.Data.Sqlite otherwise tries every prefix in turn.
            command.Parameters.Add(table.Columns[column].TypeMapping.CreateParameter(command, "@" + prefix + n++, value: null, nullable: true));
        }

        // Prepared once, executed for every batch of this shape: Microsoft.Data.Sqlite re-parses an unprepared command each time.
        command.Prepare();
        _commands[shape] = command;
        return command;
    }
}
