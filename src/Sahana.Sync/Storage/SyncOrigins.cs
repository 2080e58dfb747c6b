using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sahana.Sync.Storage;

/// <summary>
/// Table <c>sync_origin</c>: which instance sent the current version of a row an import wrote, and that version's
/// stamp. A delta for that instance leaves the row out while its stamp is still the one it sent: the peer has
/// it, or a newer one. An edit here gives the row a new stamp, and it travels again.
/// </summary>
/// <remarks>
/// <para>
/// One row per synced row that came from a peer. An import does not write it there: keyed by uuid, every row
/// would be a look-up at a random place of an index as large as the table's own, which cost as much as writing
/// the row itself and halved the import. An import appends to <c>sync_origin_log</c> instead, which has no index;
/// the log is folded into <c>sync_origin</c> in uuid order, a walk through the index, when a delta for a peer is
/// about to read it and when the import history is pruned (<see cref="FoldAsync"/>).
/// </para>
/// <para>
/// Every row of either table is a version its sender really sent. So an origin folded late, or left in the
/// log by an export inside the caller's transaction, can only let an echo through, which changes nothing at the
/// peer; it can never leave out a row the peer lacks.
/// </para>
/// </remarks>
internal static class SyncOrigins
{
    internal const string TableName = "sync_origin";

    internal const string LogTableName = "sync_origin_log";

    /// <summary>The name a table's rows go by in <c>sync_origin</c>: its schema too, where it has one.</summary>
    internal static string KeyOf(Model.TableMapping table)
        => table.Schema is null ? table.Name : table.Schema + "." + table.Name;

    /// <summary>
    /// Records <paramref name="sender"/> as the origin of the versions of <paramref name="table"/>'s rows just written
    /// with the sender's own stamps, in the import's transaction: appended to the log, in order of
    /// <paramref name="sequence"/>, which grows from import to import.
    /// </summary>
    internal static async Task RecordAsync(
        CommandRunner runner,
        SqlDialect dialect,
        ISqlGenerationHelper sql,
        string table,
        string sender,
        long sequence,
        IReadOnlyList<(string Uuid, DateTime Stamp)> versions,
        CancellationToken cancellationToken)
    {
        if (versions.Count == 0)
        {
            return;
        }

        foreach (var chunk in versions.Chunk(dialect.OriginsPerAppend))
        {
            var command = runner.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
#pragma warning disable CA2100 // Only our own table's names, quoted by the provider; values are parameters.
                command.CommandText = AppendSql(dialect, sql);
#pragma warning restore CA2100
                Add(command, "t", table);
                Add(command, "s", sender);
                Add(command, "q", sequence);
                dialect.SetOriginRows(command, chunk);

                await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The join that brings, per row of the table aliased <c>t</c>, the stamp of the version <c>@recipient</c> sent,
    /// if the row's current version may have come from it: <c>o.modified_on</c>, compared with the row's own.
    /// </summary>
    internal static string JoinFor(string uuidColumn, ISqlGenerationHelper sql)
        => $" LEFT JOIN {sql.DelimitIdentifier(TableName)} o ON o.{sql.DelimitIdentifier("table_name")} = "
            + $"{sql.GenerateParameterName("origin_table")} AND o.{sql.DelimitIdentifier("uuid")} = "
            + $"t.{sql.DelimitIdentifier(uuidColumn)} "
            + $"AND o.{sql.DelimitIdentifier("sender")} = {sql.GenerateParameterName("recipient")}";

    /// <summary>The column the join adds at the end of the row.</summary>
    internal static string Column(ISqlGenerationHelper sql) => "o." + sql.DelimitIdentifier("modified_on");

    /// <summary>
    /// Moves what the log holds into <c>sync_origin</c>, the latest origin of each row winning, in a transaction of
    /// its own; does nothing inside a transaction the caller began, whose isolation is the caller's to choose.
    /// </summary>
    /// <returns>How many origins were moved, or -1 where the caller's transaction kept it from running.</returns>
    internal static async Task<int> FoldAsync(DbContext context, CancellationToken cancellationToken)
    {
        var database = context.Database;
        if (database.CurrentTransaction is not null)
        {
            return -1;
        }

        var dialect = SqlDialect.For(database);
        var sql = context.GetService<ISqlGenerationHelper>();
        var runner = new CommandRunner(context);
        var strategy = database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            async token =>
            {
                await database.OpenConnectionAsync(token).ConfigureAwait(false);
                try
                {
                    // Most deltas find the log empty. A read says so without the fold's transaction, which on SQLite
                    // is the write lock: the export would wait for a host's save to fold nothing.
                    if (!await IsAnyLoggedAsync(runner, sql, token).ConfigureAwait(false))
                    {
                        return 0;
                    }

                    var transaction = await database.BeginTransactionAsync(token).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        var moved = 0;
                        foreach (var statement in dialect.FoldOrigins(sql))
                        {
                            moved = await ExecuteAsync(runner, statement, token).ConfigureAwait(false);
                        }

                        await transaction.CommitAsync(token).ConfigureAwait(false);
                        return moved;
                    }
                }
                finally
                {
                    await database.CloseConnectionAsync().ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> IsAnyLoggedAsync(
        CommandRunner runner, ISqlGenerationHelper sql, CancellationToken cancellationToken)
    {
        var log = sql.DelimitIdentifier(LogTableName);
        var command = runner.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
#pragma warning disable CA2100 // Only our own table's name, quoted by the provider.
            command.CommandText = $"SELECT CASE WHEN EXISTS (SELECT 1 FROM {log}) THEN 1 ELSE 0 END";
#pragma warning restore CA2100
            var any = await runner.ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false);
            return Convert.ToInt32(any, System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
    }

    private static async Task<int> ExecuteAsync(
        CommandRunner runner, string statement, CancellationToken cancellationToken)
    {
        var command = runner.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
#pragma warning disable CA2100 // Only our own tables' names, quoted by the provider.
            command.CommandText = statement;
#pragma warning restore CA2100
            return await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The upsert into <c>sync_origin</c> of the rows <paramref name="source"/> selects: table, uuid, sender and
    /// stamp, in that order, no two for one row.
    /// </summary>
    internal static string UpsertFrom(ISqlGenerationHelper sql, string source)
    {
        string Name(string name) => sql.DelimitIdentifier(name);
        return $"INSERT INTO {Name(TableName)} ({Name("table_name")}, {Name("uuid")}, {Name("sender")}, "
            + $"{Name("modified_on")}) {source} ON CONFLICT ({Name("table_name")}, {Name("uuid")}) "
            + $"DO UPDATE SET {Name("sender")} = excluded.{Name("sender")}, "
            + $"{Name("modified_on")} = excluded.{Name("modified_on")}";
    }

    private static string AppendSql(SqlDialect dialect, ISqlGenerationHelper sql)
    {
        string Name(string name) => sql.DelimitIdentifier(name);
        return $"INSERT INTO {Name(LogTableName)} ({Name("table_name")}, {Name("uuid")}, {Name("sender")}, "
            + $"{Name("modified_on")}, {Name("seq")}) {dialect.OriginRows}";
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
