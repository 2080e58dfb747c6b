using Microsoft.EntityFrameworkCore.Storage;

namespace Sahana.Sync.Storage;

/// <summary>
/// Table <c>sync_origin</c>: which instance sent the current version of a row an import wrote, and that version's
/// stamp. A delta for that instance leaves the row out while its stamp is still the one it sent: the peer has
/// it, or a newer one. An edit here gives the row a new stamp, and it travels again.
/// </summary>
/// <remarks>
/// One row per synced row that came from a peer, overwritten by the next import that writes it, by one
/// <c>INSERT … ON CONFLICT</c> statement per batch that both supported providers run alike; only where its
/// rows come from is the dialect's (<see cref="SqlDialect.OriginRows"/>).
/// </remarks>
internal static class SyncOrigins
{
    internal const string TableName = "sync_origin";

    /// <summary>The name a table's rows go by in <c>sync_origin</c>: its schema too, where it has one.</summary>
    internal static string KeyOf(Model.TableMapping table)
        => table.Schema is null ? table.Name : table.Schema + "." + table.Name;

    /// <summary>
    /// Records <paramref name="sender"/> as the origin of the versions of <paramref name="table"/>'s rows just written
    /// with the sender's own stamps, in the import's transaction.
    /// </summary>
    internal static async Task RecordAsync(
        CommandRunner runner,
        SqlDialect dialect,
        ISqlGenerationHelper sql,
        string table,
        string sender,
        IReadOnlyList<(string Uuid, DateTime Stamp)> versions,
        CancellationToken cancellationToken)
    {
        if (versions.Count == 0)
        {
            return;
        }

        foreach (var chunk in versions.Chunk(SqlDialect.RowsPerArrayStatement))
        {
            var command = runner.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
#pragma warning disable CA2100 // Only our own table's names, quoted by the provider; values are parameters.
                command.CommandText = UpsertSql(dialect, sql);
#pragma warning restore CA2100
                Add(command, "t", table);
                Add(command, "s", sender);
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

    private static string UpsertSql(SqlDialect dialect, ISqlGenerationHelper sql)
    {
        string Name(string name) => sql.DelimitIdentifier(name);
        var source = dialect.OriginRows;
        return $"INSERT INTO {Name(TableName)} ({Name("table_name")}, {Name("uuid")}, {Name("sender")}, "
            + $"{Name("modified_on")}) {source} ON CONFLICT ({Name("table_name")}, {Name("uuid")}) "
            + $"DO UPDATE SET {Name("sender")} = excluded.{Name("sender")}, "
            + $"{Name("modified_on")} = excluded.{Name("modified_on")}";
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
