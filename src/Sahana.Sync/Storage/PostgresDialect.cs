using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// PostgreSQL through Npgsql. Every statement is a round trip, so a batch travels as one array parameter per
/// column: a handful of parameters instead of thousands, and one statement text whatever the batch size, so
/// one prepared statement serves every batch. Other writers run beside an import: imports take turns on an
/// advisory lock, the merged rows are locked as they are read, and updates check the stamp they read.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>The provider's name.</summary>
    internal const string Name = "Npgsql.EntityFrameworkCore.PostgreSQL";

    internal static readonly PostgresDialect Instance = new();

    // One round trip: keep the caller's lock_timeout, bound the wait, take the lock, put lock_timeout back.
    // The saved value lives in a placeholder setting local to the transaction.
    private const string AcquireImportLock = """
        SELECT set_config('sahana_sync.lock_timeout', current_setting('lock_timeout'), true);
        SELECT set_config('lock_timeout', @timeout, true);
        SELECT pg_advisory_xact_lock(@key);
        SELECT set_config('lock_timeout', current_setting('sahana_sync.lock_timeout'), true);
        """;

    private PostgresDialect()
    {
    }

    /// <inheritdoc/>
    internal override string ProviderName => Name;

    /// <inheritdoc/>
    internal override int UuidsPerLookup => RowsPerArrayStatement;

    /// <inheritdoc/>
    internal override int KeysPerLookup => RowsPerArrayStatement;

    /// <inheritdoc/>
    internal override string UuidFilter => " = ANY(@u0)";

    /// <summary>
    /// Gets the lock an <c>UPDATE</c> that leaves keys alone takes, so the host may still insert rows that
    /// reference these; only the table's own rows (alias <c>t</c>), as the referenced rows joined in for their
    /// uuids are only read. <c>NOWAIT</c> fails at once (SQL state 55P03) where another transaction holds one,
    /// so the import never waits inside the database and is never part of a deadlock
    /// (<see cref="ReadLockedAsync"/>).
    /// </summary>
    internal override string RowLock => " FOR NO KEY UPDATE OF t NOWAIT";

    /// <inheritdoc/>
    internal override bool SpoolsExports => false;

    /// <inheritdoc/>
    internal override string OriginRows => "SELECT @t, v.u, @s, v.m, @q FROM unnest(@u, @m) AS v(u, m)";

    /// <summary>
    /// One statement: the delete returns exactly the rows it took, so an import committing meanwhile keeps its
    /// origins for the next fold; an upsert may meet a row only once, hence <c>DISTINCT ON</c>.
    /// </summary>
    internal override IReadOnlyList<string> FoldOrigins(ISqlGenerationHelper sql)
    {
        string Name(string name) => sql.DelimitIdentifier(name);
        var columns = $"{Name("table_name")}, {Name("uuid")}, {Name("sender")}, {Name("modified_on")}";
        var source = $"SELECT DISTINCT ON ({Name("table_name")}, {Name("uuid")}) {columns} FROM moved "
            + $"ORDER BY {Name("table_name")}, {Name("uuid")}, {Name("seq")} DESC";
        return [$"WITH moved AS (DELETE FROM {Name(SyncOrigins.LogTableName)} RETURNING {columns}, {Name("seq")}) "
            + SyncOrigins.UpsertFrom(sql, source)];
    }

    // Client sessions of this database in a transaction that has written, this one aside: other app nodes' saves
    // and imports, and scripts. Readers (other exports) are left out: they commit no stamps, and a long one would
    // hold every bookmark back. Other roles' sessions show nothing without pg_read_all_stats (docs/scaling.md).
    private const string OtherWrites = """
        SELECT EXTRACT(EPOCH FROM clock_timestamp() - min(xact_start))::float8
        FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND backend_type = 'client backend' AND backend_xid IS NOT NULL
        """;

    /// <inheritdoc/>
    internal override bool SharedByOtherProcesses => true;

    /// <inheritdoc/>
    internal override async Task<TimeSpan?> OldestOtherWriteAsync(
        DbConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = OtherWrites;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is double seconds
                ? TimeSpan.FromSeconds(Math.Max(seconds, 0))
                : null;
        }
    }

    /// <inheritdoc/>
    internal override object UuidList(IReadOnlyList<string> uuids) => uuids as string[] ?? [.. uuids];

    /// <summary>Gets <c> = ANY(@u0::type[])</c>: the keys as one array of the key's store type.</summary>
    internal override string KeyFilter(ColumnMapping key, int count)
        => $" = ANY({ParameterName("u", 0)}::{key.TypeMapping.StoreType}[])";

    /// <inheritdoc/>
    internal override void SetKeys(DbCommand command, ColumnMapping key, IReadOnlyList<object> keys)
        => command.Parameters[0].Value = ArrayOf(key, ParameterValue(key), keys);

    /// <summary>A command whose one parameter <c>@u0</c> holds the uuids as a text array.</summary>
    internal override DbCommand CreateUuidLookup(CommandRunner runner, string text, ColumnMapping uuid)
        => CreateArrayCommand(runner, text, "u", 1);

    /// <summary>A command whose one parameter <c>@u0</c> holds the keys as an array, however many they are.</summary>
    internal override DbCommand CreateKeyLookup(CommandRunner runner, string text, ColumnMapping key, int count)
        => CreateArrayCommand(runner, text, "u", 1);

    /// <summary>
    /// A command whose parameters are arrays, named <c>@p0</c>, <c>@p1</c>, … (or another prefix), typed by
    /// their values.
    /// </summary>
    internal static DbCommand CreateArrayCommand(CommandRunner runner, string text, string prefix, int parameters)
    {
        var command = runner.CreateCommand();
        // Built only from names and store types in EF's model, each name quoted by the provider; values go
        // in parameters.
#pragma warning disable CA2100
        command.CommandText = text;
#pragma warning restore CA2100
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterName(prefix, i);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>
    /// One column's values as a typed array for an array parameter, each adapted by <paramref name="adapt"/>
    /// as single values are (<see cref="ParameterValue"/>).
    /// </summary>
    internal static Array ArrayOf(ColumnMapping column, Func<object?, object> adapt, IEnumerable<object?> values)
    {
        var type = column.ProviderClrType;

        // Npgsql reads a char[] as one string; a column of chars travels as strings, one per row.
        var element = type == typeof(char) ? typeof(string)
            : type.IsValueType ? typeof(Nullable<>).MakeGenericType(type)
            : type;
        var list = values as IReadOnlyList<object?> ?? values.ToList();
        var array = Array.CreateInstance(element, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var value = adapt(list[i]);
            array.SetValue(value is DBNull ? null : value is char c ? c.ToString() : value, i);
        }

        return array;
    }

    /// <inheritdoc/>
    internal override TableWriter CreateWriter(TableMapping table, CommandRunner runner, ISqlGenerationHelper sql)
        => new PostgresTableWriter(table, runner, sql, this);

    /// <summary>
    /// Npgsql refuses a UTC <see cref="DateTime"/> for <c>timestamp without time zone</c>, anything but UTC for
    /// <c>timestamp with time zone</c>, and a <see cref="DateTimeOffset"/> with an offset for the latter.
    /// </summary>
    internal override Func<object?, object> ParameterValue(ColumnMapping column)
    {
        var storeType = column.TypeMapping.StoreType;
        var withZone = storeType.Contains("with time zone", StringComparison.OrdinalIgnoreCase)
            || string.Equals(storeType, "timestamptz", StringComparison.OrdinalIgnoreCase);
        var withoutZone = !withZone && storeType.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase);
        return value => value switch
        {
            null => DBNull.Value,
            DateTime t when withZone => DateTime.SpecifyKind(t, DateTimeKind.Utc),
            DateTime t when withoutZone => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
            DateTimeOffset t when withZone => t.ToUniversalTime(),
            _ => value,
        };
    }

    /// <summary>
    /// Whether a column of <paramref name="storeType"/> is PostgreSQL's <c>timestamp without time zone</c>, as EF's
    /// model spells it: the stamp interceptor gives such a column an Unspecified kind, which Npgsql requires.
    /// </summary>
    internal static bool IsZoneless(string storeType)
        => storeType.StartsWith("timestamp without", StringComparison.OrdinalIgnoreCase)
            || string.Equals(storeType, "timestamp", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Takes the transaction-level advisory lock on <see cref="ImportLock.Key"/>, released by the commit or
    /// rollback. The wait is bounded by <c>lock_timeout</c>, set to <paramref name="timeout"/> for that one
    /// statement and put back after it.
    /// </summary>
    internal override async Task TakeImportTurnAsync(
        CommandRunner runner, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // lock_timeout is in whole milliseconds, and 0 would mean no bound at all.
        var milliseconds = (long)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);
        var command = runner.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = AcquireImportLock;
            Add(command, "timeout", milliseconds.ToString(CultureInfo.InvariantCulture));
            Add(command, "key", ImportLock.Key);
            try
            {
                await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncConcurrencyException e) when (e.InnerException is DbException { SqlState: "55P03" } timedOut)
            {
                throw new SyncConcurrencyException(
                    FormattableString.Invariant($"Another import into this database held the import lock ")
                    + FormattableString.Invariant($"({ImportLock.Key}) for longer than ")
                    + FormattableString.Invariant($"SahanaSyncOptions.ImportLockTimeout ({timeout}). ")
                    + "Nothing was changed; import the file again once it has finished.",
                    timedOut);
            }
        }
    }

    /// <summary>Gets null: beginning a transaction takes no lock on PostgreSQL.</summary>
    internal override SyncConcurrencyException? BusyAtBegin(DbException exception) => null;

    /// <summary>
    /// Translates serialization_failure (40001), deadlock_detected (40P01) and lock_not_available (55P03), and
    /// unique_violation (23505) on a uuid index.
    /// </summary>
    internal override SyncConcurrencyException? Conflict(DbException exception, IEnumerable<string> uuidIndexes)
        => exception switch
        {
            { SqlState: "40001" or "40P01" or "55P03" } => new SyncConcurrencyException(
                "The database aborted the command because another transaction held or changed the same rows "
                + $"({exception.SqlState}: {exception.Message}). Nothing was changed; try again.",
                exception),
            { SqlState: "23505" } when OnAny(exception, uuidIndexes) => new SyncConcurrencyException(
                "Another transaction inserted a row with a uuid this import was inserting, and committed first "
                + $"({exception.Message}). Nothing was changed; try again: the row is then merged.",
                exception),
            _ => null,
        };

    /// <inheritdoc/>
    internal override Task<T> ReadLockedAsync<T>(
        DbTransaction transaction, string table, Func<Task<T>> read, CancellationToken cancellationToken)
        => LockWait.RetryAsync(transaction, table, read, cancellationToken);

    /// <inheritdoc/>
    internal override void SetOriginRows(DbCommand command, IReadOnlyList<(string Uuid, DateTime Stamp)> versions)
    {
        Add(command, "u", versions.Select(v => v.Uuid).ToArray());
        Add(command, "m", versions.Select(v => DateTime.SpecifyKind(v.Stamp, DateTimeKind.Utc)).ToArray());
    }

    /// <summary>
    /// PostgreSQL's identity sequences do not notice explicit ids: without this, the host's next insert would
    /// collide with a restored row.
    /// </summary>
    internal override async Task ContinueKeySequenceAsync(
        CommandRunner runner, ISqlGenerationHelper sql, TableMapping table, CancellationToken cancellationToken)
    {
        if (!table.Key.IsGeneratedByDatabase)
        {
            return;
        }

        var command = runner.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            var name = sql.DelimitIdentifier(table.Name, table.Schema);
#pragma warning disable CA2100 // Names from EF's model, quoted by the provider; the sequence is found by parameters.
            // setval refuses a value below the sequence's minimum (1 by default), which a backup whose ids are
            // all at or below zero has (SQLite takes such ids): the sequence then starts again at its minimum,
            // not yet called, so the next id is the minimum itself, as SQLite continues at 1.
            command.CommandText = "SELECT setval(s.seqrelid::regclass, GREATEST(t.top, s.seqmin), t.top >= s.seqmin) "
                + $"FROM pg_sequence s, (SELECT MAX({sql.DelimitIdentifier(table.Key.Name)}) AS top FROM {name}) t "
                + "WHERE s.seqrelid = pg_get_serial_sequence(@table, @column)::regclass";
#pragma warning restore CA2100
            Add(command, "table", name);
            Add(command, "column", table.Key.Name);
            await runner.ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    // Npgsql puts the constraint's name among the exception's data; its message quotes it too.
    private static bool OnAny(DbException duplicate, IEnumerable<string> indexes)
        => duplicate.Data["ConstraintName"] is string constraint
            ? indexes.Contains(constraint, StringComparer.Ordinal)
            : indexes.Any(name => duplicate.Message.Contains($"\"{name}\"", StringComparison.Ordinal));

    /// <summary>Whether PostgreSQL said undefined_table (42P01).</summary>
    internal override bool IsMissingTable(DbException exception) => exception.SqlState == "42P01";
}
