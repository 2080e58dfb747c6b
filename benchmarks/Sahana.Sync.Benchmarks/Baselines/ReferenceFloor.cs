using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Sahana.Sync.Benchmarks.Data;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Benchmarks.Baselines;

/// <summary>
/// The floor of the shapes with references (<see cref="ImportShape.References"/>, <see cref="ImportShape.Pydal"/>):
/// <see cref="UpsertFloor"/>'s newest-wins upsert, plus the parent look-up any writer of such a file must do. The
/// file gives a volunteer's organisation as the sender's id; the organisations' section maps that id to a uuid
/// (kept in a dictionary, as a raw writer would), and the database maps the uuid to the local key:
/// <list type="bullet">
/// <item>SQLite: once the organisations are written, their local keys are read into a dictionary by uuid (one
/// <c>SELECT Uuid, Id</c>), and the prepared per-row upsert binds the key. A sub-select per row
/// (<c>VALUES (…, (SELECT Id FROM org_organisation WHERE Uuid = @org), …)</c>) probed the uuid index once per row
/// and was no bound at 1M rows: Sahana.Sync, which resolves each parent once, beat it by up to 2×.</item>
/// <item>PostgreSQL: binary COPY of the volunteers with their organisation's uuid into a temporary table, then one
/// <c>INSERT … SELECT … FROM incoming JOIN org_organisation ON uuid … ON CONFLICT … WHERE newer</c>.</item>
/// </list>
/// The organisations themselves go first, by the same upsert. One transaction; the sync_instance section is skipped.
/// </summary>
public static class ReferenceFloor
{
    private const string Reference = "OrganisationId";

    public static async Task<long> RunAsync(BenchmarkDatabase database, string file)
    {
        return database.Provider == "sqlite"
            ? await SqliteAsync(database.ConnectionString, file)
            : await PostgresAsync(database.ConnectionString, file);
    }

    private static async Task<long> SqliteAsync(string connectionString, string file)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var senderKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, long>? localKeys = null;
        SqliteCommand? command = null;
        SqliteParameter[] parameters = [];
        string[] columns = [];
        long rows = 0;
        try
        {
            await foreach (var (table, fields) in ReadAsync(file))
            {
                var section = $"INSERT INTO {table} ";
                if (command is null || !command.CommandText.StartsWith(section, StringComparison.Ordinal))
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    columns = Columns(table)[1..];
                    if (columns.Contains(Reference))
                    {
                        // The parents are all written by now: their sections come first.
                        localKeys = await LocalKeysAsync(connection, transaction);
                    }

                    command = connection.CreateCommand();
                    var values = columns.Select(c => "@" + c);
                    var set = columns.Where(c => c != "Uuid").Select(c => $"{c} = excluded.{c}");
                    command.CommandText = $"{section}({string.Join(", ", columns)}) "
                        + $"VALUES ({string.Join(", ", values)}) "
                        + $"ON CONFLICT(Uuid) DO UPDATE SET {string.Join(", ", set)} "
                        + $"WHERE excluded.ModifiedOn > {table}.ModifiedOn";
                    parameters = columns.Select(c => command.Parameters.Add("@" + c, SqliteType.Text)).ToArray();
                    command.Prepare();
                }

                for (var i = 0; i < parameters.Length; i++)
                {
                    var text = fields[i + 1];
                    parameters[i].Value = columns[i] == Reference
                        ? localKeys![senderKeys[text!]]
                        : Value(columns[i], text);
                }

                await command.ExecuteNonQueryAsync();
                if (table == "org_organisation")
                {
                    senderKeys[fields[0]!] = fields[3]!;
                }

                rows++;
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }

        await transaction.CommitAsync();
        return rows;
    }

    private static async Task<Dictionary<string, long>> LocalKeysAsync(
        SqliteConnection connection, SqliteTransaction transaction)
    {
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT Uuid, Id FROM org_organisation";
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys[reader.GetString(0)] = reader.GetInt64(1);
        }

        return keys;
    }

    private static async Task<long> PostgresAsync(string connectionString, string file)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var senderKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        var copied = new List<string>();
        NpgsqlBinaryImporter? copy = null;
        string[] columns = [];
        long rows = 0;
        try
        {
            await foreach (var (table, fields) in ReadAsync(file))
            {
                if (copied.Count == 0 || copied[^1] != table)
                {
                    if (copy is not null)
                    {
                        await copy.CompleteAsync();
                        await copy.DisposeAsync();
                    }

                    columns = Columns(table)[1..];
                    var incoming = string.Join(", ", columns.Select(c => c == Reference ? "org_uuid" : Quote(c)));
                    var select = string.Join(
                        ", ", columns.Select(c => c == Reference ? "NULL::text AS org_uuid" : Quote(c)));
                    var sql = $"CREATE TEMP TABLE incoming_{table} ON COMMIT DROP "
                        + $"AS SELECT {select} FROM {table} WITH NO DATA";
                    await using (var create = new NpgsqlCommand(sql, connection, transaction))
                    {
                        await create.ExecuteNonQueryAsync();
                    }

                    copy = await connection.BeginBinaryImportAsync(
                        $"COPY incoming_{table} ({incoming}) FROM STDIN (FORMAT BINARY)");
                    copied.Add(table);
                }

                await copy!.StartRowAsync();
                for (var i = 0; i < columns.Length; i++)
                {
                    var text = columns[i] == Reference ? senderKeys[fields[i + 1]!] : fields[i + 1];
                    await WriteAsync(copy, columns[i], text);
                }

                if (table == "org_organisation")
                {
                    senderKeys[fields[0]!] = fields[3]!;
                }

                rows++;
            }

            if (copy is not null)
            {
                await copy.CompleteAsync();
            }
        }
        finally
        {
            if (copy is not null)
            {
                await copy.DisposeAsync();
            }
        }

        // Parents first, so that the children's join finds every organisation.
        foreach (var table in copied.OrderBy(t => t == "org_organisation" ? 0 : 1))
        {
            var target = Columns(table)[1..];
            var quoted = string.Join(", ", target.Select(Quote));
            var values = string.Join(", ", target.Select(c => c == Reference ? "o.\"Id\"" : "i." + Quote(c)));
            var set = target.Where(c => c != "Uuid").Select(c => $"{Quote(c)} = excluded.{Quote(c)}");
            var join = target.Contains(Reference) ? " JOIN org_organisation o ON o.\"Uuid\" = i.org_uuid" : "";
            await using var merge = new NpgsqlCommand(
                $"INSERT INTO {table} ({quoted}) SELECT {values} FROM incoming_{table} i{join} "
                + $"ON CONFLICT (\"Uuid\") DO UPDATE SET {string.Join(", ", set)} "
                + $"WHERE excluded.\"ModifiedOn\" > {table}.\"ModifiedOn\"", connection, transaction);
            merge.CommandTimeout = 0;
            await merge.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return rows;
    }

    private static string[] Columns(string table) => table switch
    {
        "org_organisation" => ShapeFiles.OrganisationColumns,
        "vol_volunteer" => ShapeFiles.VolunteerColumns,
        _ => throw new InvalidOperationException($"the reference floor does not write {table}"),
    };

    private static string Quote(string column) => $"\"{column}\"";

    private static async Task WriteAsync(NpgsqlBinaryImporter copy, string column, string? text)
    {
        if (text is null)
        {
            await copy.WriteNullAsync();
            return;
        }

        switch (column)
        {
            case "Gender":
                await copy.WriteAsync(int.Parse(text, CultureInfo.InvariantCulture), NpgsqlDbType.Integer);
                break;
            case "DateOfBirth":
                await copy.WriteAsync(DateOnly.Parse(text, CultureInfo.InvariantCulture), NpgsqlDbType.Date);
                break;
            case "Deleted":
                await copy.WriteAsync(text == "True", NpgsqlDbType.Boolean);
                break;
            case "CreatedOn" or "ModifiedOn":
                await copy.WriteAsync(ValueCodecs.For<DateTime>().ParseValue(text), NpgsqlDbType.TimestampTz);
                break;
            default:
                await copy.WriteAsync(text, NpgsqlDbType.Text);
                break;
        }
    }

    private static object Value(string column, string? text) => text is null ? DBNull.Value : column switch
    {
        "Deleted" => text == "True" ? 1 : 0,
        "Gender" => int.Parse(text, CultureInfo.InvariantCulture),
        _ => text,
    };

    private static async IAsyncEnumerable<(string Table, string?[] Fields)> ReadAsync(string file)
    {
        await using var stream = new FileStream(
            file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await using var reader = new Web2pyCsvReader(stream);
        while (await reader.ReadAsync() is var kind && kind != Web2pyCsvRecordKind.End)
        {
            if (kind == Web2pyCsvRecordKind.Row && reader.Table != "sync_instance")
            {
                yield return (reader.Table!, reader.Fields);
            }
        }
    }
}
