using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite. It runs in-process, so a statement per row costs no round trip; its
/// write transaction (<c>BEGIN IMMEDIATE</c>) keeps every other writer out, so imports take turns there, rows
/// need no lock and updates no guard.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    /// <summary>The provider's name.</summary>
    internal const string Name = "Microsoft.EntityFrameworkCore.Sqlite";

    internal static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    /// <inheritdoc/>
    internal override string ProviderName => Name;

    /// <summary>
    /// Gets 512: a JSON text of 512 uuids is about 50 KB, under the large object heap's 85 KB; thousands would
    /// leave that much garbage per batch where only a full collection reclaims it.
    /// </summary>
    internal override int UuidsPerLookup => 512;

    /// <summary>
    /// Gets 100: Microsoft.Data.Sqlite binds each parameter by looking its name up among the statement's, so a
    /// statement of P parameters costs P².
    /// </summary>
    internal override int KeysPerLookup => 100;

    /// <summary>
    /// Gets 400: the origins travel as one JSON text, and a text of a whole batch (600 kB) went to the large object
    /// heap, which only a full collection empties: 1M rows left 150 MB there between collections.
    /// </summary>
    internal override int OriginsPerAppend => 400;

    /// <summary>
    /// Gets the filter over one parameter holding a JSON array: SQLite probes its uuid index once per element,
    /// and thousands of uuids cost one statement instead of one per hundred, each parameter bound by name.
    /// </summary>
    internal override string UuidFilter => " IN (SELECT value FROM json_each(@u0))";

    /// <inheritdoc/>
    internal override string RowLock => string.Empty;

    /// <summary>
    /// Gets <see langword="true"/>: SQLite's snapshot is its write lock (<c>BEGIN IMMEDIATE</c>), held for as
    /// long as the export's reader takes.
    /// </summary>
    internal override bool SpoolsExports => true;

    /// <inheritdoc/>
    internal override string OriginRows
        => "SELECT @t, json_extract(v.value, '$[0]'), @s, json_extract(v.value, '$[1]'), @q FROM json_each(@v) v";

    /// <summary>
    /// An upsert that walks the log in uuid order, so later origins of a row overwrite earlier ones, then a delete:
    /// the transaction's write lock keeps every other writer out meanwhile.
    /// </summary>
    internal override IReadOnlyList<string> FoldOrigins(ISqlGenerationHelper sql)
    {
        string Name(string name) => sql.DelimitIdentifier(name);
        var log = Name(SyncOrigins.LogTableName);
        var source = $"SELECT {Name("table_name")}, {Name("uuid")}, {Name("sender")}, {Name("modified_on")} "
            + $"FROM {log} WHERE true ORDER BY {Name("table_name")}, {Name("uuid")}, {Name("seq")}, rowid";
        return [SyncOrigins.UpsertFrom(sql, source), $"DELETE FROM {log}"];
    }

    /// <inheritdoc/>
    internal override object UuidList(IReadOnlyList<string> uuids) => JsonSerializer.Serialize(uuids);

    /// <summary>Gets <c> IN (@u0, @u1, …)</c>: one parameter per key, typed as the key.</summary>
    internal override string KeyFilter(ColumnMapping key, int count) => $" IN ({Parameters("u", count)})";

    /// <inheritdoc/>
    internal override void SetKeys(DbCommand command, ColumnMapping key, IReadOnlyList<object> keys)
    {
        var value = ParameterValue(key);
        for (var i = 0; i < keys.Count; i++)
        {
            command.Parameters[i].Value = value(keys[i]);
        }
    }

    /// <summary>A prepared command whose one parameter <c>@u0</c> holds the uuids as a JSON array.</summary>
    internal override DbCommand CreateUuidLookup(CommandRunner runner, string text, ColumnMapping uuid)
        => Prepared(runner, text, uuid, 1);

    /// <summary>A prepared command of one parameter per key, typed as the key.</summary>
    internal override DbCommand CreateKeyLookup(CommandRunner runner, string text, ColumnMapping key, int count)
        => Prepared(runner, text, key, count);

    /// <inheritdoc/>
    internal override TableWriter CreateWriter(TableMapping table, CommandRunner runner, ISqlGenerationHelper sql)
        => new SqliteTableWriter(table, runner, sql, this);

    /// <summary>
    /// Gets the value as it is: Microsoft.Data.Sqlite writes every date and time as text, whatever its kind.
    /// </summary>
    internal override Func<object?, object> ParameterValue(ColumnMapping column) => value => value ?? DBNull.Value;

    /// <summary>Takes nothing: the import's write transaction is the turn, taken as it began.</summary>
    internal override Task TakeImportTurnAsync(
        CommandRunner runner, TimeSpan timeout, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <summary>
    /// Translates SQLite giving up waiting for another connection's write lock, SQLITE_BUSY (5) or SQLITE_LOCKED
    /// (6), after the connection's busy timeout. The code is a property of the provider's own exception type,
    /// which this package does not reference.
    /// </summary>
    internal override SyncConcurrencyException? BusyAtBegin(DbException exception)
        => exception.GetType().GetProperty("SqliteErrorCode")?.GetValue(exception) is 5 or 6
            ? new SyncConcurrencyException(
                "Another import or writer held this SQLite database's write lock for longer than the "
                + "connection's busy timeout (Default Timeout in the connection string). "
                + "Nothing was changed; import the file again.",
                exception)
            : null;

    /// <summary>
    /// Gets null: the import's write transaction keeps every other writer out, so no statement of it meets another
    /// transaction's rows; the wait for the write lock itself is <see cref="BusyAtBegin"/>'s.
    /// </summary>
    internal override SyncConcurrencyException? Conflict(DbException exception, IEnumerable<string> uuidIndexes)
        => null;

    /// <summary>Reads at once: the write transaction already keeps every other writer out.</summary>
    internal override Task<T> ReadLockedAsync<T>(
        DbTransaction transaction, string table, Func<Task<T>> read, CancellationToken cancellationToken)
        => read();

    /// <inheritdoc/>
    internal override void SetOriginRows(DbCommand command, IReadOnlyList<(string Uuid, DateTime Stamp)> versions)
        => Add(command, "v", JsonSerializer.Serialize(versions.Select(v => new[] { v.Uuid, Text(v.Stamp) })));

    /// <summary>Does nothing: SQLite continues after the largest rowid by itself.</summary>
    internal override Task ContinueKeySequenceAsync(
        CommandRunner runner, ISqlGenerationHelper sql, TableMapping table, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <inheritdoc/>
    internal override bool IsMissingTable(DbException exception)
        => exception.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase);

    // Prepared once and run for every batch: Microsoft.Data.Sqlite re-parses an unprepared command each time.
    private static DbCommand Prepared(CommandRunner runner, string text, ColumnMapping column, int parameters)
    {
        var command = runner.CreateCommand();
        // Built only from names in EF's model, each quoted by the provider; values go in parameters.
#pragma warning disable CA2100
        command.CommandText = text;
#pragma warning restore CA2100
        for (var i = 0; i < parameters; i++)
        {
            // Named as in the SQL, "@" included: Microsoft.Data.Sqlite otherwise tries every prefix in turn.
            command.Parameters.Add(
                column.TypeMapping.CreateParameter(command, ParameterName("u", i), value: null, nullable: true));
        }

        command.Prepare();
        return command;
    }

    // What Microsoft.Data.Sqlite writes for a DateTime parameter, so the column reads back as one.
    private static string Text(DateTime stamp)
        => stamp.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
