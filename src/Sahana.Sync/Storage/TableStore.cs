using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// The one gateway to a table's rows: every statement an import or the conflict log runs against it, reads
/// as typed versions (<see cref="StoredRow"/>), keys by uuid, and the batched writes of the dialect's
/// <see cref="TableWriter"/>. Made once per table per import; a command of a given shape is built once and
/// run again with new values.
/// </summary>
/// <remarks>
/// SQL is built only here, in <see cref="RowSelect"/> and in the writers, from the plan's names quoted by the
/// provider; values travel only in parameters. What the provider does differently is the dialect's.
/// </remarks>
internal sealed class TableStore : IAsyncDisposable
{
    private readonly CommandRunner _runner;
    private readonly ISqlGenerationHelper _sql;
    private readonly SqlDialect _dialect;
    private readonly DbTransaction? _transaction;
    private readonly Func<string, TableMapping?> _carryUuidOf;
    private readonly TableWriter _writer;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly int _key;
    private readonly int _uuid;
    private readonly int _modifiedOn;
    private readonly int _deleted;
    private RowSelect? _stamps;
    private RowSelect? _versions;
    private (int Index, int Field)[]? _carried;

    /// <summary>Initializes a new instance of the <see cref="TableStore"/> class.</summary>
    /// <param name="table">The table.</param>
    /// <param name="runner">What runs every command, through the host's interceptors.</param>
    /// <param name="sql">The provider's SQL generation helper.</param>
    /// <param name="dialect">The provider's dialect.</param>
    /// <param name="transaction">The import's transaction, which locked look-ups need; null outside an import.</param>
    /// <param name="carryUuidOf">The table whose uuid a reference into the named table carries, or null.</param>
    internal TableStore(
        TableMapping table,
        CommandRunner runner,
        ISqlGenerationHelper sql,
        SqlDialect dialect,
        DbTransaction? transaction,
        Func<string, TableMapping?> carryUuidOf)
    {
        Table = table;
        _runner = runner;
        _sql = sql;
        _dialect = dialect;
        _transaction = transaction;
        _carryUuidOf = carryUuidOf;
        _writer = dialect.CreateWriter(table, runner, sql);
        _key = table.IndexOf(table.Key);
        _uuid = table.Uuid is null ? -1 : table.IndexOf(table.Uuid);
        _modifiedOn = table.ModifiedOn is null ? -1 : table.IndexOf(table.ModifiedOn);
        _deleted = table.Deleted is null ? -1 : table.IndexOf(table.Deleted);
    }

    internal TableMapping Table { get; }

    private string Name => _sql.DelimitIdentifier(Table.Name, Table.Schema);

    /// <summary>Whether the table has no rows.</summary>
    internal async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var command = Cached("any", () =>
        {
            var command = _runner.CreateCommand();
#pragma warning disable CA2100 // The table's name from EF's model, quoted by the provider.
            command.CommandText = $"SELECT CASE WHEN EXISTS (SELECT 1 FROM {Name}) THEN 1 ELSE 0 END";
#pragma warning restore CA2100
            return command;
        });
        var any = await _runner.ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(any, CultureInfo.InvariantCulture) == 0;
    }

    /// <summary>
    /// The local versions of some uuids without their values (<see cref="StoredRow.Values"/> null), locked as the
    /// dialect locks rows the merge may write; a uuid without a local row is absent from the result.
    /// </summary>
    internal Task<Dictionary<string, StoredRow>> StampsAsync(
        IReadOnlyList<string> uuids, CancellationToken cancellationToken)
        => LookUpAsync(
            _stamps ??= RowSelect.StampsByUuid(Table, _dialect, _sql), uuids, values: false, cancellationToken);

    /// <summary>
    /// The local versions of some uuids with every value, references into tables with uuids as the referenced
    /// rows' uuids, locked as <see cref="StampsAsync"/> locks them.
    /// </summary>
    internal Task<Dictionary<string, StoredRow>> VersionsAsync(
        IReadOnlyList<string> uuids, CancellationToken cancellationToken)
        => LookUpAsync(
            _versions ??= RowSelect.ByUuid(Table, _carryUuidOf, _dialect, _sql),
            uuids,
            values: true,
            cancellationToken);

    /// <summary>The local row with a uuid, without its values and not locked, or null when there is none.</summary>
    internal async Task<StoredRow?> FindByUuidAsync(string uuid, CancellationToken cancellationToken)
    {
        var select = RowSelect.StampsByUuid(Table, _dialect, _sql, lockRows: false);
        var rows = new Dictionary<string, StoredRow>(1, StringComparer.Ordinal);
        await ReadAsync(UuidLookup(select, [uuid]), values: false, rows, cancellationToken).ConfigureAwait(false);
        return rows.TryGetValue(uuid, out var row) ? row : null;
    }

    /// <summary>
    /// Finds the local keys of uuids, not locked: rows a reference points at. A uuid may come more than once; one
    /// without a local row is absent from the result.
    /// </summary>
    internal async Task<Dictionary<string, object>> KeysOfAsync(
        IEnumerable<string> uuids, CancellationToken cancellationToken)
    {
        var distinct = uuids as IReadOnlySet<string> ?? new HashSet<string>(uuids, StringComparer.Ordinal);
        var keys = new Dictionary<string, object>(distinct.Count, StringComparer.Ordinal);
        var select = RowSelect.KeysByUuid(Table, _dialect, _sql);
        var keyReader = Table.Readers[_key];
        foreach (var chunk in distinct.Chunk(_dialect.UuidsPerLookup))
        {
            var reader = await _runner.ExecuteReaderAsync(
                UuidLookup(select, chunk), CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
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
    internal async Task<HashSet<object>> ExistingKeysAsync(
        IReadOnlyList<object> keys, CancellationToken cancellationToken)
    {
        var found = new HashSet<object>();
        var keyReader = Table.Readers[_key];
        foreach (var chunk in keys.Chunk(_dialect.KeysPerLookup))
        {
            var reader = await _runner.ExecuteReaderAsync(
                KeyLookup(Key, chunk), CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
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
        var columns = string.Join(", ", Table.Columns.Select(c => _sql.DelimitIdentifier(c.Name)));
        var command = KeyLookup(columns, [key]);
        var reader = await _runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken)
            .ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? [.. Table.Readers.Select((read, i) => read(reader, i))]
                : null;
        }
    }

    /// <summary>
    /// Inserts rows; <paramref name="columns"/> are the indexes of the table's columns written, each row holds a
    /// value per column of the table. When <paramref name="wantKeys"/>, returns the new rows' keys by uuid,
    /// from the insert itself where it can return them; else null.
    /// </summary>
    internal async Task<Dictionary<string, object>?> InsertAsync(
        int[] columns, IReadOnlyList<object?[]> rows, bool wantKeys, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return wantKeys ? new Dictionary<string, object>(StringComparer.Ordinal) : null;
        }

        var keys = await _writer.InsertAsync(columns, rows, wantKeys, cancellationToken).ConfigureAwait(false);
        if (wantKeys && keys is null && _uuid >= 0)
        {
            keys = await KeysOfAsync(rows.Select(r => (string)r[_uuid]!), cancellationToken).ConfigureAwait(false);
        }

        return keys;
    }

    /// <inheritdoc cref="TableWriter.UpdateAsync"/>
    internal Task UpdateAsync(
        int[] columns,
        IReadOnlyList<(object?[] Values, object Key, DateTime Seen)> rows,
        CancellationToken cancellationToken)
        => _writer.UpdateAsync(columns, rows, cancellationToken);

    /// <inheritdoc cref="TableWriter.SetAsync"/>
    internal Task SetAsync(
        int column, IReadOnlyList<(object Key, object? Value)> rows, CancellationToken cancellationToken)
        => _writer.SetAsync(column, rows, cancellationToken);

    /// <summary>
    /// Records <paramref name="sender"/> as the origin of versions of this table's rows just written with the
    /// sender's own stamps (<see cref="SyncOrigins"/>), in order of <paramref name="sequence"/>.
    /// </summary>
    internal Task RecordOriginsAsync(
        string sender,
        long sequence,
        IReadOnlyList<(string Uuid, DateTime Stamp)> versions,
        CancellationToken cancellationToken)
        => SyncOrigins.RecordAsync(
            _runner, _dialect, _sql, SyncOrigins.KeyOf(Table), sender, sequence, versions, cancellationToken);

    /// <summary>
    /// Makes the next key the database generates follow the keys a restore wrote explicitly, where the
    /// database does not by itself.
    /// </summary>
    internal Task ContinueKeySequenceAsync(CancellationToken cancellationToken)
        => _dialect.ContinueKeySequenceAsync(_runner, _sql, Table, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
    }

    private string Key => _sql.DelimitIdentifier(Table.Key.Name);

    private static DateTime Utc(object? stamp) => DateTime.SpecifyKind((DateTime)stamp!, DateTimeKind.Utc);

    private async Task<Dictionary<string, StoredRow>> LookUpAsync(
        RowSelect select, IReadOnlyList<string> uuids, bool values, CancellationToken cancellationToken)
    {
        if (values)
        {
            // Every shape carries the same parents' uuids: where they land is worked out once.
            _carried ??= [.. select.CarriedFor.Select((c, field) => (Column: c, Field: field))
                .Where(c => c.Column is not null).Select(c => (Table.IndexOf(c.Column!), c.Field))];
        }

        var transaction = _transaction
            ?? throw new InvalidOperationException("A locked look-up runs in the import's transaction.");
        var rows = new Dictionary<string, StoredRow>(uuids.Count, StringComparer.Ordinal);
        foreach (var chunk in uuids.Chunk(_dialect.UuidsPerLookup))
        {
            var command = UuidLookup(select, chunk);
            Task<int> Read() => ReadAsync(command, values, rows, cancellationToken);
            await _dialect.ReadLockedAsync(transaction, Table.Name, Read, cancellationToken).ConfigureAwait(false);
        }

        return rows;
    }

    /// <summary>
    /// Reads a look-up's rows into <paramref name="rows"/>; read again after a lock wait, it overwrites.
    /// </summary>
    private async Task<int> ReadAsync(
        DbCommand command, bool values, Dictionary<string, StoredRow> rows, CancellationToken cancellationToken)
    {
        var readers = Table.Readers;
        var reader = await _runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken)
            .ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!values)
                {
                    // The narrow select's columns: key, uuid, then the stamp and the flag where the table has them.
                    var uuid = reader.GetString(1);
                    var stamp = _modifiedOn >= 0 ? Utc(readers[_modifiedOn](reader, 2)) : default;
                    var deleted = _deleted >= 0 && readers[_deleted](reader, _modifiedOn >= 0 ? 3 : 2) is true;
                    rows[uuid] = new StoredRow(readers[_key](reader, 0)!, uuid, stamp, deleted, null);
                    continue;
                }

                var row = new object?[readers.Count];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = readers[i](reader, i);
                }

                foreach (var (index, field) in _carried!)
                {
                    row[index] = row[index] is null || reader.IsDBNull(field) ? null : reader.GetString(field);
                }

                var key = (string)row[_uuid]!;
                rows[key] = new StoredRow(
                    row[_key]!, key, Utc(row[_modifiedOn]), _deleted >= 0 && row[_deleted] is true, row);
            }
        }

        return rows.Count;
    }

    private DbCommand UuidLookup(RowSelect select, IReadOnlyList<string> uuids)
    {
        var command = Cached(select.Sql, () => _dialect.CreateUuidLookup(_runner, select.Sql, Table.Uuid!));
        command.Parameters[0].Value = _dialect.UuidList(uuids);
        return command;
    }

    /// <summary>A look-up of <paramref name="columns"/> of the rows with some keys, the keys set.</summary>
    private DbCommand KeyLookup(string columns, object[] keys)
    {
        var text = $"SELECT {columns} FROM {Name} t WHERE t.{Key}{_dialect.KeyFilter(Table.Key, keys.Length)}";
        var command = Cached(text, () => _dialect.CreateKeyLookup(_runner, text, Table.Key, keys.Length));
        _dialect.SetKeys(command, Table.Key, keys);
        return command;
    }

    private DbCommand Cached(string shape, Func<DbCommand> create)
    {
        if (!_commands.TryGetValue(shape, out var command))
        {
            command = create();
            _commands[shape] = command;
        }

        return command;
    }
}
