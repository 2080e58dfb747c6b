using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sahana.Sync.Storage;

/// <summary>
/// Table <c>sync_origin</c>: which instance sent the current version of a row an import wrote, and that version's
/// stamp. A delta for that instance leaves the row out while its stamp is still the one it sent: the peer has
/// it, or a newer one. An edit here gives the row a new stamp, and it travels again.
/// </summary>
/// <remarks>
/// One row per synced row that came from a peer, overwritten by the next import that writes it. Recorded only on
/// PostgreSQL and SQLite, whose <c>INSERT … ON CONFLICT</c> replaces the row in one statement; elsewhere every
/// delta carries every changed row, as before.
/// </remarks>
internal static class SyncOrigins
{
    internal const string TableName = "sync_origin";

    /// <summary>The name a table's rows go by in <c>sync_origin</c>: its schema too, where it has one.</summary>
    internal static string KeyOf(Model.TableMapping table) => table.Schema is null ? table.Name : table.Schema + "." + table.Name;

    /// <summary>Gets a value indicating whether the dialect records origins (and so leaves echoes out).</summary>
    internal static bool Supported(SqlDialect dialect) => dialect.Uuids is UuidList.Array or UuidList.Json;

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
        if (versions.Count == 0 || !Supported(dialect))
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
                if (dialect.Uuids == UuidList.Array)
                {
                    Add(command, "u", chunk.Select(v => v.Uuid).ToArray());
                    Add(command, "m", chunk.Select(v => DateTime.SpecifyKind(v.Stamp, DateTimeKind.Utc)).ToArray());
                }
                else
                {
                    Add(command, "v", JsonSerializer.Serialize(chunk.Select(v => new[] { v.Uuid, SqliteText(v.Stamp) })));
                }

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
            + $"{sql.GenerateParameterName("origin_table")} AND o.{sql.DelimitIdentifier("uuid")} = t.{sql.DelimitIdentifier(uuidColumn)} "
            + $"AND o.{sql.DelimitIdentifier("sender")} = {sql.GenerateParameterName("recipient")}";

    /// <summary>The column the join adds at the end of the row.</summary>
    internal static string Column(ISqlGenerationHelper sql) => "o." + sql.DelimitIdentifier("modified_on");

    private static string UpsertSql(SqlDialect dialect, ISqlGenerationHelper sql)
    {
        string Name(string name) => sql.DelimitIdentifier(name);
        var source = dialect.Uuids == UuidList.Array
            ? "SELECT @t, v.u, @s, v.m FROM unnest(@u, @m) AS v(u, m)"
            : "SELECT @t, json_extract(v.value, '$[0]'), @s, json_extract(v.value, '$[1]') FROM json_each(@v) v WHERE true";
        return $"INSERT INTO {Name(TableName)} ({Name("table_name")}, {Name("uuid")}, {Name("sender")}, {Name("modified_on")}) {source} "
            + $"ON CONFLICT ({Name("table_name")}, {Name("uuid")}) DO UPDATE SET {Name("sender")} = excluded.{Name("sender")}, "
            + $"{Name("modified_on")} = excluded.{Name("modified_on")}";
    }

    // What Microsoft.Data.Sqlite writes for a DateTime parameter, so the column reads back as one.
    private static string SqliteText(DateTime stamp)
        => stamp.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
